import './valid-language.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * A live line chart: one series against the epoch, drawn by uPlot (MIT, ~21 kB gzip, canvas).
 * Points are appended as the worker reports them; the chart redraws with each.
 */
export class LineChart {
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  private readonly plot: uPlot;

  constructor(container: HTMLElement, label: string, format: (y: number) => string) {
    const show = (v: number | null, f: (v: number) => string) => (v === null ? '–' : f(v));
    this.plot = new uPlot(
      {
        width: 320,
        height: 180,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: false } },
        series: [
          { label: 'epoch', value: (_u, v) => show(v, (x) => x.toFixed(2)) },
          { label, stroke: '#2563eb', width: 1.5, value: (_u, v) => show(v, format) },
        ],
        axes: [
          { size: 30, values: (_u, splits) => splits.map((x) => x.toFixed(1)) },
          { size: 52, values: (_u, splits) => splits.map(format) },
        ],
      },
      [this.xs, this.ys],
      container,
    );
  }

  /** How many points the chart holds (what the page's tests check). */
  get points(): number {
    return this.plot.data[0].length;
  }

  clear(): void {
    this.xs.length = 0;
    this.ys.length = 0;
    this.plot.setData([this.xs, this.ys]);
  }

  add(x: number, y: number): void {
    if (!Number.isFinite(y)) return;
    this.xs.push(x);
    this.ys.push(y);
    this.plot.setData([this.xs, this.ys]);
  }
}

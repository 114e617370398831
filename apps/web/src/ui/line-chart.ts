/**
 * A line chart drawn as SVG: one polyline on a fixed viewBox, the y range's ends labelled.
 * Hand-written (about 40 lines) rather than a charting library: the page plots two series of a
 * few hundred points, and a library would be the largest part of the page's JavaScript.
 */
const NS = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 180;
const PAD = { left: 40, right: 8, top: 8, bottom: 20 };

export class LineChart {
  private readonly points: [number, number][] = [];

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly format: (y: number) => string,
  ) {}

  clear(): void {
    this.points.length = 0;
    this.render();
  }

  add(x: number, y: number): void {
    if (Number.isFinite(y)) this.points.push([x, y]);
    this.render();
  }

  private render(): void {
    this.svg.replaceChildren();
    if (this.points.length === 0) return;
    const xs = this.points.map((p) => p[0]);
    const ys = this.points.map((p) => p[1]);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1e-9)];
    const [y0, y1] = [Math.min(...ys), Math.max(...ys, Math.min(...ys) + 1e-9)];
    const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
    const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', this.points.map(([x, y]) => `${sx(x)},${sy(y)}`).join(' '));
    line.setAttribute('class', 'series');
    const axes = document.createElementNS(NS, 'path');
    axes.setAttribute('d', `M${PAD.left},${PAD.top}V${H - PAD.bottom}H${W - PAD.right}`);
    axes.setAttribute('class', 'axes');
    this.svg.append(
      axes,
      line,
      label(2, sy(y1) + 4, this.format(y1)),
      label(2, sy(y0), this.format(y0)),
    );
    this.svg.append(label(W - 60, H - 4, `epoch ${x1.toFixed(2)}`));
  }
}

function label(x: number, y: number, text: string): SVGTextElement {
  const t = document.createElementNS(NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.textContent = text;
  return t;
}

import { format } from '../bench.js';
import type { Goal } from '../report.js';
import { median } from '../stats.js';
import { formatTable } from '../table.js';

/** The Node row's id: the other rows' ratios are to it. */
export const NODE_ID = 'node';
/** The page's CPU-backend row: the goal's subject. */
export const PAGE_CPU_ID = 'page-cpu';
/** The bound: the page's CPU-backend step at most this many times Node's. */
export const PAGE_CPU_GOAL = 1.5;

/** One setup's samples of milliseconds per step (one per interleaved run). */
export interface WebSamples {
  id: string;
  label: string;
  samples: number[];
  error?: string;
}

export interface WebRow extends WebSamples {
  /** Median milliseconds per step; undefined where nothing was measured. */
  msPerStep?: number;
  /** msPerStep over Node's. */
  ratio?: number;
}

/** Medians, and each setup's ratio to the Node row's median. */
export function webRows(samples: readonly WebSamples[]): WebRow[] {
  const withMedian = samples.map(
    (s): WebRow => (s.samples.length === 0 ? { ...s } : { ...s, msPerStep: median(s.samples) }),
  );
  const node = withMedian.find((r) => r.id === NODE_ID)?.msPerStep;
  return withMedian.map((r) =>
    r.msPerStep === undefined || node === undefined ? r : { ...r, ratio: r.msPerStep / node },
  );
}

/** setup | ms per step | ratio to Node, in the order measured. */
export function formatWebReport(rows: readonly WebRow[]): string {
  return formatTable(
    ['setup', 'ms per step', 'ratio to Node'],
    rows.map((r) => [
      r.label,
      r.msPerStep === undefined ? '–' : format(r.msPerStep),
      r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`,
    ]),
  );
}

/** Issue 11's goal: the page's CPU-backend step within 1.5× of Node's. */
export function checkWebGoals(rows: readonly WebRow[]): Goal[] {
  const page = rows.find((r) => r.id === PAGE_CPU_ID);
  const ratio = page?.ratio;
  return [
    {
      goal: `page CPU ≤ ${PAGE_CPU_GOAL}× Node`,
      met: ratio === undefined ? undefined : ratio <= PAGE_CPU_GOAL,
      detail:
        ratio === undefined
          ? 'not measured'
          : `${format(page!.msPerStep!)} ms vs ${format(page!.msPerStep! / ratio)} ms (${ratio.toFixed(2)}×)`,
    },
  ];
}

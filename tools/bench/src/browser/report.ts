import { format } from '../bench.js';
import type { Goal } from '../report.js';
import { median } from '../stats.js';
import { formatTable } from '../table.js';
import type { BrowserRun } from './run-page.js';

/** Steps in one epoch of MNIST's 60,000 training images at batch 64. */
export const MNIST_EPOCH_STEPS = 60_000 / 64;

/** One row of the browser table, with its medians. */
export interface BrowserRow {
  id: string;
  label: string;
  engine: string;
  samples: number[];
  /** Median milliseconds per step (undefined where the setup failed). */
  msPerStep?: number;
  /** The same as seconds per MNIST epoch. */
  secondsPerEpoch?: number;
  error?: string;
}

export function browserRows(run: BrowserRun): BrowserRow[] {
  const rows: BrowserRow[] = run.rows.map((row) => {
    const out: BrowserRow = {
      id: row.id,
      label: row.label,
      engine: row.engine,
      samples: row.msPerStep,
    };
    if (row.msPerStep.length > 0) {
      out.msPerStep = median(row.msPerStep);
      out.secondsPerEpoch = (out.msPerStep * MNIST_EPOCH_STEPS) / 1000;
    }
    if (row.error !== undefined) out.error = row.error;
    return out;
  });
  for (const [id, error] of Object.entries(run.failed)) {
    rows.push({ id, label: id, engine: 'did not start', samples: [], error });
  }
  return rows;
}

/** The table, fastest first, as in issue 10. */
export function formatBrowserReport(rows: readonly BrowserRow[]): string {
  const sorted = [...rows].sort((a, b) => (a.msPerStep ?? Infinity) - (b.msPerStep ?? Infinity));
  return formatTable(
    ['setup', 'engine', 'ms per step', 's per MNIST epoch'],
    sorted.map((r) => [
      r.label,
      r.engine,
      r.msPerStep === undefined ? '–' : format(r.msPerStep),
      r.secondsPerEpoch === undefined ? '–' : format(r.secondsPerEpoch),
    ]),
  );
}

/** Issue 10's goal for the browser path, checked against the medians. */
export function checkBrowserGoals(rows: readonly BrowserRow[]): Goal[] {
  const gpujs = rows.find((r) => r.id === 'mfnet-gpujs')?.msPerStep;
  const webgl = rows.find((r) => r.id === 'tfjs-webgl-read')?.msPerStep;
  const measured = gpujs !== undefined && webgl !== undefined;
  return [
    {
      goal: 'gpu.js step ≤ TF.js webgl step (loss read back)',
      met: measured ? gpujs <= webgl : undefined,
      detail: measured
        ? `${format(gpujs)} ms vs ${format(webgl)} ms (${(gpujs / webgl).toFixed(2)}×)`
        : 'not measured',
    },
  ];
}

/** The lines above the table: what ran where. */
export function browserHeader(run: BrowserRun): string {
  return (
    `headless Chromium ${run.chromium.version} (${run.chromium.source}: ${run.chromium.path}), ` +
    `WebGL2 renderer: ${run.renderer || 'none'}\n` +
    `one page, median of ${run.runs} interleaved runs of ${run.steps} steps ` +
    '(784-128-64-10 ReLU, batch 64, SGD lr 0.1, float32, random MNIST-shaped data); ' +
    `s per MNIST epoch = ms per step × ${MNIST_EPOCH_STEPS}`
  );
}

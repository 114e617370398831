import { format, type Measured, medianOf, type Task } from './bench.js';
import { formatTable } from './table.js';

export interface Figure {
  /** The median in the task's unit. */
  value: number;
  samples: number[];
  /** value ÷ PyTorch's value in the same dtype (times: < 1 is faster than PyTorch). */
  vsPytorch?: number;
  /** The share of an epoch that was run and scaled up (absent for a whole epoch). */
  fraction?: number;
}

export interface Row {
  label: string;
  framework: string;
  backend: string;
  dtype: string;
  figures: Record<string, Figure>;
  errors: Record<string, string>;
}

/** Medians and each figure's ratio to PyTorch of the same dtype. */
export function summarize(measured: readonly Measured[], tasks: readonly Task[]): Row[] {
  const rows: Row[] = measured.map((m) => {
    const figures: Record<string, Figure> = {};
    for (const task of tasks) {
      const value = medianOf(m, task.id);
      if (value === undefined) continue;
      const fraction = m.fractions.get(task.id) ?? 1;
      figures[task.id] = {
        value,
        samples: [...(m.samples.get(task.id) ?? [])],
        ...(fraction < 1 ? { fraction } : {}),
      };
    }
    return {
      label: m.runner.label,
      framework: m.runner.framework,
      backend: m.runner.backend,
      dtype: m.runner.dtype,
      figures,
      errors: Object.fromEntries(m.errors),
    };
  });
  for (const row of rows) {
    const torch = rows.find((r) => r.framework === 'pytorch' && r.dtype === row.dtype);
    if (torch === undefined) continue;
    for (const [id, figure] of Object.entries(row.figures)) {
      const base = torch.figures[id];
      if (base !== undefined && base.value > 0) figure.vsPytorch = figure.value / base.value;
    }
  }
  return rows;
}

/** `4.21 (0.83×)`; `~` marks a figure scaled up from part of an epoch; `–` none. */
export function formatFigure(figure: Figure | undefined): string {
  if (figure === undefined) return '–';
  const mark = figure.fraction === undefined ? '' : '~';
  const ratio = figure.vsPytorch === undefined ? '' : ` (${figure.vsPytorch.toFixed(2)}×)`;
  return `${mark}${format(figure.value)}${ratio}`;
}

export function formatReport(rows: readonly Row[], tasks: readonly Task[]): string {
  return formatTable(
    ['framework', ...tasks.map((t) => t.title)],
    rows.map((row) => [row.label, ...tasks.map((t) => formatFigure(row.figures[t.id]))]),
  );
}

export interface Goal {
  goal: string;
  met: boolean | undefined;
  detail: string;
}

function find(rows: readonly Row[], framework: string, dtype: string, backend?: string) {
  return rows.find(
    (r) =>
      r.framework === framework &&
      r.dtype === dtype &&
      (backend === undefined || r.backend === backend),
  );
}

/** The goals, checked against the medians (undefined where a figure is missing). */
export function checkGoals(rows: readonly Row[], peakGflops: number): Goal[] {
  const goals: Goal[] = [];
  const time = (row: Row | undefined, id: string) => row?.figures[id]?.value;
  // The CPU backend as it ships (one thread) and as the apps run it (`--threads 2`), if measured.
  for (const backend of ['cpu', 'cpu (2 threads)'])
    for (const dtype of ['float64', 'float32']) {
      const mine = find(rows, 'mfnet', dtype, backend);
      if (mine === undefined && backend !== 'cpu') continue;
      const torch = find(rows, 'pytorch', dtype);
      for (const id of ['mnist', 'housing']) {
        const a = time(mine, id);
        const b = time(torch, id);
        goals.push({
          goal: `${id} epoch, mfnet ${backend} ${dtype} ≤ PyTorch ${dtype}`,
          met: a === undefined || b === undefined ? undefined : a <= b,
          detail:
            a === undefined || b === undefined
              ? 'not measured'
              : `${format(a)} s vs ${format(b)} s (${(a / b).toFixed(2)}×)`,
        });
      }
      const wasm = time(find(rows, 'tfjs', 'float32', 'wasm'), 'mnist');
      const a = time(mine, 'mnist');
      goals.push({
        goal: `mnist epoch, mfnet ${backend} ${dtype} ≥ 3× faster than tfjs wasm`,
        met: a === undefined || wasm === undefined ? undefined : wasm / a >= 3,
        detail:
          a === undefined || wasm === undefined
            ? 'not measured'
            : `${format(a)} s vs ${format(wasm)} s (${(wasm / a).toFixed(2)}× faster)`,
      });
    }
  // Issue 14: one thread's float32 matmul 1024 at least 1.5× TF.js wasm's.
  const mine32 = find(rows, 'mfnet', 'float32', 'cpu')?.figures.matmul1024?.value;
  const tfjs32 = find(rows, 'tfjs', 'float32', 'wasm')?.figures.matmul1024?.value;
  if (mine32 !== undefined || tfjs32 !== undefined) {
    goals.push({
      goal: 'matmul 1024 float32, mfnet cpu (1 thread) ≥ 1.5× tfjs wasm',
      met: mine32 === undefined || tfjs32 === undefined ? undefined : mine32 >= 1.5 * tfjs32,
      detail:
        mine32 === undefined || tfjs32 === undefined
          ? 'not measured'
          : `${format(mine32)} vs ${format(tfjs32)} GFLOP/s (${(mine32 / tfjs32).toFixed(2)}×)`,
    });
  }
  const big = find(rows, 'mfnet', 'float64', 'cpu')?.figures.matmul1024?.value;
  if (big !== undefined) {
    goals.push({
      goal: 'matmul 1024 float64: share of the machine peak',
      met: undefined,
      detail: `${format(big)} GFLOP/s = ${((100 * big) / peakGflops).toFixed(0)}% of ${peakGflops} GFLOP/s (one core, AVX2 FMA)`,
    });
  }
  return goals;
}

export function formatGoals(goals: readonly Goal[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? '·' : met ? '✓' : '✗');
  return goals.map((g) => `${mark(g.met)} ${g.goal}: ${g.detail}`).join('\n');
}

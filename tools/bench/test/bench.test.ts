import { createCpuBackend } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { epochTask, matmulTask, runBench } from '../src/bench.js';
import type { Workload } from '../src/data.js';
import { checkGoals, formatFigure, formatReport, type Row, summarize } from '../src/report.js';
import { MfnetRunner } from '../src/runners/mfnet.js';
import { batchesToRun, type Runner } from '../src/runners/runner.js';
import { median, timeMedian } from '../src/stats.js';
import { formatTable } from '../src/table.js';

describe('stats', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('timeMedian repeats the work until a sample is long enough', () => {
    let calls = 0;
    const seconds = timeMedian(() => calls++, { warmup: 1, runs: 3, minSampleMs: 2 });
    expect(calls).toBeGreaterThan(4);
    expect(seconds).toBeGreaterThan(0);
  });
});

describe('formatTable', () => {
  it('aligns columns under their headers', () => {
    const lines = formatTable(
      ['n', 'GFLOP/s'],
      [
        ['64', '1.5'],
        ['1024', '12.25'],
      ],
    ).split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[3]).toBe('| 1024 |   12.25 |');
  });
});

/** A runner with fixed answers, for the driver and the report. */
function fake(
  framework: string,
  dtype: 'float64' | 'float32',
  epochSeconds: number,
  gflops: number,
  backend = 'cpu',
): Runner & { calls: string[] } {
  const calls: string[] = [];
  return {
    label: `${framework} ${backend} ${dtype}`,
    framework,
    backend,
    dtype,
    calls,
    matmul: async (n) => {
      calls.push(`matmul${n}`);
      return (2 * n ** 3) / (gflops * 1e9);
    },
    epoch: async (work, fraction) => {
      calls.push(`${work.name}@${fraction}`);
      return epochSeconds;
    },
    close: async () => {},
  };
}

/** A tiny synthetic regression task (no dataset needed). */
function tinyWorkload(): Workload {
  const samples = 40;
  const x = new Float64Array(samples * 3).map((_, i) => Math.sin(i));
  const y = new Float64Array(samples).map((_, i) => Math.cos(i));
  return {
    name: 'housing',
    data: { x, y, samples, features: 3, outputs: 1 },
    sizes: [3, 5, 1],
    batchSize: 8,
    loss: 'mse',
    lr: 0.01,
  };
}

describe('runBench', () => {
  it('interleaves the runners, rotating their order each round, and keeps every sample', async () => {
    const order: string[] = [];
    const a = fake('mfnet', 'float64', 2, 10);
    const b = fake('pytorch', 'float64', 4, 20);
    const spy = (r: Runner & { calls: string[] }): Runner => ({
      ...r,
      epoch: async (w, f) => {
        order.push(r.framework);
        return r.epoch(w, f);
      },
    });
    const task = epochTask(tinyWorkload());
    const measured = await runBench({ runners: [spy(a), spy(b)], tasks: [task], runs: 3 });
    expect(order).toEqual(['mfnet', 'pytorch', 'pytorch', 'mfnet', 'mfnet', 'pytorch']);
    expect(measured[0]!.samples.get('housing')).toEqual([2, 2, 2]);
  });

  it('gives each runner its share of the epoch and warms up first', async () => {
    const slow = fake('tfjs', 'float32', 50, 1);
    await runBench({
      runners: [slow],
      tasks: [epochTask(tinyWorkload())],
      runs: 1,
      warmupFraction: 0.02,
      fractionFor: () => 0.25,
    });
    expect(slow.calls).toEqual(['housing@0.02', 'housing@0.25']);
  });

  it('records a failing task once and measures the rest', async () => {
    const broken: Runner = {
      ...fake('tfjs', 'float32', 1, 1),
      matmul: async () => {
        throw new Error('no kernel\nstack');
      },
    };
    const [m] = await runBench({ runners: [broken], tasks: [matmulTask(8)], runs: 2 });
    expect(m!.errors.get('matmul8')).toBe('no kernel');
    expect(m!.samples.get('matmul8')).toEqual([]);
  });

  it("runs mfnet's real training step on a tiny workload (smoke)", async () => {
    const work = tinyWorkload();
    const runner = new MfnetRunner(createCpuBackend(), 'float32');
    const tasks = [epochTask(work), matmulTask(16)];
    const [m] = await runBench({ runners: [runner], tasks, runs: 1, fractionFor: () => 0.5 });
    expect(m!.errors.size).toBe(0);
    const seconds = m!.samples.get('housing')![0]!;
    const gflops = m!.samples.get('matmul16')![0]!;
    expect(Number.isFinite(seconds) && seconds > 0).toBe(true);
    expect(Number.isFinite(gflops) && gflops > 0).toBe(true);
    expect(batchesToRun(work, 0.5)).toEqual({ total: 5, run: 3 });
  });
});

describe('report', () => {
  async function rows(): Promise<{ rows: Row[]; tasks: ReturnType<typeof matmulTask>[] }> {
    const work = tinyWorkload();
    const tasks = [matmulTask(64), epochTask(work), epochTask({ ...work, name: 'mnist' })];
    const measured = await runBench({
      runners: [
        fake('mfnet', 'float64', 3, 12),
        fake('pytorch', 'float64', 4, 24),
        fake('tfjs', 'float32', 30, 6, 'wasm'),
        fake('pytorch', 'float32', 2, 48),
      ],
      tasks,
      runs: 1,
      fractionFor: (r) => (r.framework === 'tfjs' ? 0.1 : 1),
    });
    return { rows: summarize(measured, tasks), tasks };
  }

  it('divides each figure by PyTorch of the same dtype', async () => {
    const { rows: table } = await rows();
    const mfnet = table[0]!;
    expect(mfnet.figures.housing!.vsPytorch).toBeCloseTo(0.75, 12);
    expect(mfnet.figures.matmul64!.vsPytorch).toBeCloseTo(0.5, 12);
    const tfjs = table[2]!;
    expect(tfjs.figures.housing!.vsPytorch).toBeCloseTo(15, 12);
    expect(tfjs.figures.housing!.fraction).toBe(0.1);
    expect(table[1]!.figures.housing!.vsPytorch).toBe(1);
  });

  it('prints medians with their ratio, ~ for a scaled-up epoch and – for none', async () => {
    expect(formatFigure({ value: 3, samples: [3], vsPytorch: 0.75 })).toBe('3.00 (0.75×)');
    expect(formatFigure({ value: 30, samples: [30], fraction: 0.1 })).toBe('~30.0');
    expect(formatFigure(undefined)).toBe('–');
    const { rows: table, tasks } = await rows();
    const text = formatReport(table, tasks);
    expect(text.split('\n')[0]).toContain('matmul 64 GFLOP/s');
    expect(text).toContain('mfnet cpu float64');
    expect(text).toContain('~30.0 (15.00×)');
  });

  it('checks the goals against the medians', async () => {
    const { rows: table } = await rows();
    const goals = checkGoals(table, 48);
    const byName = (s: string) => goals.find((g) => g.goal === s);
    expect(byName('mnist epoch, mfnet cpu float64 ≤ PyTorch float64')?.met).toBe(true);
    expect(byName('mnist epoch, mfnet cpu float64 ≥ 3× faster than tfjs wasm')?.met).toBe(true);
    expect(byName('mnist epoch, mfnet cpu float32 ≤ PyTorch float32')?.met).toBeUndefined();
    // No threaded rows were measured: no goals for them.
    expect(goals.some((g) => g.goal.includes('2 threads'))).toBe(false);
  });

  it('checks the goals of the threaded CPU backend when it was measured', async () => {
    const { rows: table } = await rows();
    const cpu = table.find((r) => r.framework === 'mfnet' && r.dtype === 'float64')!;
    const threaded = { ...cpu, backend: 'cpu (2 threads)', figures: { ...cpu.figures } };
    threaded.figures.mnist = { ...cpu.figures.mnist!, value: cpu.figures.mnist!.value / 2 };
    const goals = checkGoals([...table, threaded], 48);
    const goal = goals.find(
      (g) => g.goal === 'mnist epoch, mfnet cpu (2 threads) float64 ≤ PyTorch float64',
    );
    expect(goal?.met).toBe(true);
    expect(goal?.detail).toContain(`${(cpu.figures.mnist!.value / 2).toFixed(2)} s`);
  });

  it('checks one thread float32 matmul 1024 against 1.5× TF.js wasm (issue 14)', () => {
    const row = (framework: string, backend: string, value: number): Row => ({
      label: `${framework} ${backend} float32`,
      framework,
      backend,
      dtype: 'float32',
      figures: { matmul1024: { value, samples: [value] } },
      errors: {},
    });
    const goal = (mine: number) =>
      checkGoals([row('mfnet', 'cpu', mine), row('tfjs', 'wasm', 40)], 48).find((g) =>
        g.goal.startsWith('matmul 1024 float32'),
      );
    expect(goal(60)?.met).toBe(true);
    expect(goal(59)?.met).toBe(false);
    expect(goal(59)?.detail).toBe('59.0 vs 40.0 GFLOP/s (1.48×)');
  });
});

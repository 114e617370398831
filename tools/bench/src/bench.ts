import type { Workload } from './data.js';
import type { Runner } from './runners/runner.js';
import { median } from './stats.js';

/** One figure of the table: how it is measured and which way is better. */
export interface Task {
  /** Key in the JSON, e.g. `matmul256`, `mnist`. */
  id: string;
  /** Column title, e.g. `matmul 256 GFLOP/s`. */
  title: string;
  unit: 'GFLOP/s' | 's/epoch';
  /** One sample of `runner`, in `unit`; `fraction` is the share of the epoch to run. */
  measure(runner: Runner, fraction: number): Promise<number>;
}

export function matmulTask(n: number): Task {
  return {
    id: `matmul${n}`,
    title: `matmul ${n} GFLOP/s`,
    unit: 'GFLOP/s',
    measure: async (runner) => (2 * n ** 3) / (await runner.matmul(n)) / 1e9,
  };
}

export function epochTask(work: Workload): Task {
  return {
    id: work.name,
    title: `${work.name} s/epoch`,
    unit: 's/epoch',
    measure: (runner, fraction) => runner.epoch(work, fraction),
  };
}

export interface BenchOptions {
  runners: readonly Runner[];
  tasks: readonly Task[];
  /** Timed samples per (runner, task); the figure is their median. */
  runs: number;
  /** The share of an epoch each runner runs per sample (1 = the whole epoch). */
  fractionFor?: (runner: Runner, task: Task) => number;
  /** A short untimed pass per (runner, task) first, so that JIT warm-up is not measured. */
  warmupFraction?: number;
  log?: (line: string) => void;
}

export interface Measured {
  runner: Runner;
  /** Samples per task id. */
  samples: Map<string, number[]>;
  /** The share of the epoch each epoch task ran (scaled up to a whole epoch). */
  fractions: Map<string, number>;
  /** Why a task has no figure (its first failure). */
  errors: Map<string, string>;
}

/**
 * Measures every (runner, task) pair `runs` times, interleaved: each round visits every task
 * and, within it, every runner, with the runners' order rotated from round to round, so that a
 * noisy neighbour or thermal drift touches all frameworks alike.
 */
export async function runBench(options: BenchOptions): Promise<Measured[]> {
  const { runners, tasks, runs } = options;
  const log = options.log ?? (() => {});
  const fractionFor = options.fractionFor ?? (() => 1);
  const measured: Measured[] = runners.map((runner) => ({
    runner,
    samples: new Map(tasks.map((t) => [t.id, []])),
    fractions: new Map(tasks.map((t) => [t.id, t.unit === 's/epoch' ? fractionFor(runner, t) : 1])),
    errors: new Map(),
  }));
  const sample = async (m: Measured, task: Task, fraction: number): Promise<number | undefined> => {
    if (m.errors.has(task.id)) return undefined;
    try {
      return await task.measure(m.runner, fraction);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      m.errors.set(task.id, message);
      log(`  ${m.runner.label} ${task.id}: failed (${message})`);
      return undefined;
    }
  };
  if (options.warmupFraction !== undefined && options.warmupFraction > 0) {
    log('warm-up');
    for (const task of tasks) {
      for (const m of measured) await sample(m, task, options.warmupFraction);
    }
  }
  for (let round = 0; round < runs; round++) {
    log(`round ${round + 1}/${runs}`);
    for (const task of tasks) {
      for (let r = 0; r < measured.length; r++) {
        const m = measured[(r + round) % measured.length]!;
        const value = await sample(m, task, m.fractions.get(task.id) ?? 1);
        if (value === undefined) continue;
        m.samples.get(task.id)!.push(value);
        log(`  ${m.runner.label.padEnd(28)} ${task.id.padEnd(10)} ${format(value)} ${task.unit}`);
      }
    }
  }
  return measured;
}

/** The median of a pair's samples, or undefined when it has none. */
export function medianOf(m: Measured, taskId: string): number | undefined {
  const values = m.samples.get(taskId) ?? [];
  return values.length === 0 ? undefined : median(values);
}

export function format(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

import { type KernelCosts, measureKernelCosts, measureMatmul } from './kernel-costs.js';
import { mfnetRunner, type StepRunner, tfjsRunner } from './mnist-step.js';

/** What `?perf` reports: per-kernel-call costs of gpu.js and the MNIST step side by side. */
export interface PerfReport {
  kernelCosts: KernelCosts;
  /** ms per step of each run, per setup, in the order run (interleaved). */
  runs: Record<string, number[]>;
  /** The median of each setup's runs. */
  medians: Record<string, number>;
  /** mfnet gpujs: kernel launches, read-backs and uploads per training step. */
  mfnetPerStep: { kernelRuns: number; reads: number; uploads: number };
  losses: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function runPerf(steps = 200, rounds = 3): Promise<PerfReport> {
  if (location.search.includes('matmul'))
    return { matmul: measureMatmul() } as unknown as PerfReport;
  if (location.search.includes('profile')) {
    // ms per step spent in each backend call (each followed by a wait for the GPU).
    const profile = new Map<string, number>();
    const runner = mfnetRunner(profile);
    runner.run(5);
    profile.clear();
    runner.run(20);
    const perStep = [...profile]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${(v / 20).toFixed(2)} ms ${k}`);
    return { profile: perStep } as unknown as PerfReport;
  }
  const kernelCosts = measureKernelCosts();
  const mfnet = mfnetRunner();
  const tfjs = await tfjsRunner();
  const setups: StepRunner[] = [mfnet, tfjs];
  // Warm up: compile every kernel/shader.
  for (const s of setups) s.run(5);
  const before = mfnet.raw.stats();
  mfnet.run(10);
  const after = mfnet.raw.stats();
  const mfnetPerStep = {
    kernelRuns: (after.kernelRuns - before.kernelRuns) / 10,
    reads: (after.reads - before.reads) / 10,
    uploads: (after.uploads - before.uploads) / 10,
  };
  const runs: Record<string, number[]> = {};
  const losses: Record<string, number> = {};
  for (let r = 0; r < rounds; r++) {
    for (const s of setups) {
      const start = performance.now();
      losses[s.label] = s.run(steps);
      const list = runs[s.label] ?? [];
      list.push((performance.now() - start) / steps);
      runs[s.label] = list;
    }
  }
  const medians = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
  return { kernelCosts, runs, medians, mfnetPerStep, losses };
}

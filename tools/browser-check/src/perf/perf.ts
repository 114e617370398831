import { type KernelCosts, measureKernelCosts, measureMatmul } from './kernel-costs.js';
import { mfnetRunner } from './mnist-step.js';

/**
 * What `?perf` reports: per-kernel-call costs of gpu.js and what an mfnet MNIST step on it costs.
 * The step against TF.js is tools/bench's browser table (`pnpm bench`).
 */
export interface PerfReport {
  kernelCosts: KernelCosts;
  /** ms per mfnet gpujs step, one per run of `steps` steps. */
  msPerStep: number[];
  median: number;
  /** mfnet gpujs: kernel launches, read-backs and uploads per training step. */
  mfnetPerStep: { kernelRuns: number; reads: number; uploads: number };
  loss: number;
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
  // Warm up: compile every kernel.
  mfnet.run(5);
  const before = mfnet.raw.stats();
  mfnet.run(10);
  const after = mfnet.raw.stats();
  const mfnetPerStep = {
    kernelRuns: (after.kernelRuns - before.kernelRuns) / 10,
    reads: (after.reads - before.reads) / 10,
    uploads: (after.uploads - before.uploads) / 10,
  };
  const msPerStep: number[] = [];
  let loss = Number.NaN;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    loss = mfnet.run(steps);
    msPerStep.push((performance.now() - start) / steps);
  }
  return { kernelCosts, msPerStep, median: median(msPerStep), mfnetPerStep, loss };
}

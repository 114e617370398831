import type { Workload } from '../data.js';

/**
 * One framework on one backend and dtype, as the benchmark drives it. Each method measures one
 * sample; the caller interleaves the samples of all runners and takes medians.
 */
export interface Runner {
  /** The table's row label, e.g. `mfnet cpu float64`. */
  readonly label: string;
  readonly framework: 'mfnet' | 'tfjs' | 'pytorch' | (string & {});
  readonly backend: string;
  readonly dtype: 'float64' | 'float32';
  /** Seconds for one n×n by n×n product (already warmed up on the first call). */
  matmul(n: number): Promise<number>;
  /**
   * Seconds for one epoch of `work` (forward, loss, backward, SGD step per batch; no
   * evaluation). With `fraction` < 1 only the first ⌈fraction·batches⌉ batches run and the time
   * is scaled up to a whole epoch.
   */
  epoch(work: Workload, fraction: number): Promise<number>;
  close(): Promise<void>;
}

/** The batches one epoch visits, and how many of them a fraction of the epoch runs. */
export function batchesToRun(work: Workload, fraction: number): { total: number; run: number } {
  const total = Math.ceil(work.data.samples / work.batchSize);
  const run = Math.max(1, Math.min(total, Math.ceil(total * fraction)));
  return { total, run };
}

/** Repeats `work` until at least `minMs` have passed; seconds per call. */
export function timeRepeated(work: () => void, minMs: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    work();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / 1000 / calls;
}

import { CpuBackend, type CpuBackendOptions } from '../cpu/cpu-backend.js';
import type { Gemm } from '../cpu/gemm.js';
import { ValueError } from '../errors.js';
import {
  acquireGemmWorker,
  canAtomicsWait,
  type GemmWorker,
  releaseGemmWorker,
} from './gemm-worker.js';
import { makeThreadedGemm } from './threaded-gemm.js';

/**
 * M·N·K from which a product is split over two threads: above MNIST's products (784-128-64-10,
 * batch 64: at most 129·785·64 = 6.5e6), which never gained from the split on the 2-core EPYC
 * VMs of this project (one thread 1.16 s per float32 epoch against 1.39 s with them split at
 * 2e6, best of 4 interleaved; 2.21 s against 2.30 s in float64 on a quiet machine), while
 * 1024-sized products do (43.7 → 64.4 GFLOP/s). The bench's --thread-thresholds measures it
 * for another machine.
 */
export const DEFAULT_THREAD_THRESHOLD = 8_000_000;

export interface ThreadedCpuBackendOptions extends CpuBackendOptions {
  /** Products with M·N·K below this run on the main thread alone (default 8e6). */
  threshold?: number;
}

/**
 * The CPU backend with its matrix products split over the main thread and one worker thread
 * (Node only). Everything but matmul is CpuBackend's; float64 and float32 results are
 * bit-identical to CpuBackend's. Threads are used only with the WebAssembly kernels and where
 * this thread may block in Atomics.wait; otherwise (`threaded` false) it is a plain CpuBackend.
 * Until the worker has started (`await backend.ready()`), products run on one thread. All
 * threaded backends of a thread share one worker, so making many of them is cheap.
 */
export class ThreadedCpuBackend extends CpuBackend {
  /** Whether products may use the worker (false: the plain single-thread backend). */
  readonly threaded: boolean;
  readonly threshold: number;
  private worker: GemmWorker | undefined;
  private readonly stats = { splits: 0 };
  private readonly single: { float64: Gemm; float32: Gemm };

  constructor(options: ThreadedCpuBackendOptions = {}) {
    super(options);
    const threshold = options.threshold ?? DEFAULT_THREAD_THRESHOLD;
    if (!(threshold >= 0)) {
      throw new ValueError(`threaded cpu backend: threshold must be ≥ 0, got ${threshold}`);
    }
    this.threshold = threshold;
    const { kernels } = this;
    this.threaded = kernels !== 'js' && canAtomicsWait();
    this.single = { float64: this.gemm64, float32: this.gemm32 };
    this.worker = this.threaded && kernels !== 'js' ? acquireGemmWorker(kernels) : undefined;
    if (this.worker !== undefined) {
      const { worker, stats } = this;
      this.gemm64 = makeThreadedGemm(worker, 'float64', threshold, stats);
      this.gemm32 = makeThreadedGemm(worker, 'float32', threshold, stats);
    }
  }

  /** How many products this backend has split over the two threads so far. */
  get splitProducts(): number {
    return this.stats.splits;
  }

  /** Resolves when the worker is up (at once when not threaded). */
  async ready(): Promise<void> {
    await this.worker?.ready();
  }

  /**
   * Stops using the worker (ended when no other threaded backend of this thread uses it); the
   * backend keeps working on one thread. Not needed for the process to exit (the worker never
   * keeps it alive), but frees the thread early.
   */
  async close(): Promise<void> {
    const { worker } = this;
    if (worker === undefined) return;
    this.worker = undefined;
    this.gemm64 = this.single.float64;
    this.gemm32 = this.single.float32;
    await releaseGemmWorker(worker);
  }
}

/** A ThreadedCpuBackend whose worker is up, ready for `setBackend(...)`. */
export async function createThreadedCpuBackend(
  options?: ThreadedCpuBackendOptions,
): Promise<ThreadedCpuBackend> {
  const backend = new ThreadedCpuBackend(options);
  await backend.ready();
  return backend;
}

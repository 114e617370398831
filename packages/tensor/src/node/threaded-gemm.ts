import type { Gemm } from '../cpu/gemm.js';
import { blockSizes, gemmExport, memoryView, wasmLayout } from '../cpu/wasm/wasm-gemm.js';
import type { GemmWorker } from './gemm-worker.js';

/**
 * A gemm on the worker's shared memory that splits C's rows between the main thread and the
 * worker when the product is large (M·N·K ≥ threshold): A and B (and C when beta ≠ 0) are
 * copied into the shared memory once, the worker computes rows [m0, M) while the main thread
 * computes rows [0, m0), each with its own packing scratch, and C is copied out once both are
 * done. Both threads run the same kernels, and every element of C is summed over k, in order,
 * by one of them (the kernels' order depends neither on the tile nor on the row range), so the
 * result is bit-identical to the single-thread gemm of the same kernels. Smaller products run
 * on the main thread alone, in the same memory.
 */
export function makeThreadedGemm(
  worker: GemmWorker,
  dtype: 'float64' | 'float32',
  threshold: number,
  stats: { splits: number },
): Gemm {
  const bytes = dtype === 'float64' ? 8 : 4;
  const run = gemmExport(worker.kernels, dtype);
  const blocks = blockSizes(worker.kernels, dtype);
  const reserve = memoryView(worker.memory, dtype);

  return function threadedGemm(transA, transB, M, N, K, alpha, a, b, beta, c) {
    const split = M * N * K >= threshold && M >= 2 * blocks.mr && worker.available;
    // The main thread's rows end on a micro-kernel boundary, so neither half has more edge tiles.
    const m0 = split ? Math.round(M / 2 / blocks.mr) * blocks.mr : M;
    const rows = Math.max(m0, M - m0);
    const layout = wasmLayout(M, N, K, bytes, blocks, split ? 2 : 1, rows);
    const { aOff, bOff, cOff, scratch } = layout;
    const h = reserve(layout.end);
    h.set(a.length === M * K ? a : a.subarray(0, M * K), aOff / bytes);
    h.set(b.length === K * N ? b : b.subarray(0, K * N), bOff / bytes);
    if (beta !== 0) h.set(c.subarray(0, M * N), cOff / bytes);
    if (split) {
      stats.splits++;
      const job = { dtype, transA, transB, M, N, K, alpha, beta, aOff, bOff, cOff };
      worker.post({ ...job, scratch: scratch[1]!, rowStart: m0, rowEnd: M });
    }
    const own = scratch[0]!;
    const [ta, tb] = [transA ? 1 : 0, transB ? 1 : 0];
    try {
      run(ta, tb, M, N, K, alpha, aOff, bOff, beta, cOff, own.packA, own.packB, own.edge, 0, m0);
    } finally {
      if (split) worker.wait();
    }
    c.set(h.subarray(cOff / bytes, cOff / bytes + M * N));
  };
}

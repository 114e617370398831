import type { Gemm } from '../cpu/gemm.js';
import type { HostArray } from '../dtype.js';
import type { GemmWorker } from './gemm-worker.js';

/** Split points are multiples of both dtypes' micro-kernel heights (6 and 4 rows). */
const ROW_ALIGN = 12;

/**
 * A gemm that splits C's rows between the main thread and a worker when the product is large
 * (M·N·K ≥ threshold): the worker gets rows [m0, M) — its rows of op(A), all of B (and its rows
 * of C when beta ≠ 0) copied into the shared staging buffer — while the main thread runs
 * `single` on rows [0, m0), then waits for the worker and copies its rows of C back. Every
 * element of C is still summed over k, in order, by one thread with the same kernel, so the
 * result is bit-identical to `single` on the whole product. Buffers are reused: no allocation
 * per call beyond a few typed-array views.
 */
export function makeThreadedGemm(
  worker: GemmWorker,
  dtype: 'float64' | 'float32',
  single: Gemm,
  threshold: number,
  stats: { splits: number },
): Gemm {
  /** op(A)'s rows [0, m0) when A is transposed (gathered, K×m0), grown and reused. */
  let gathered: HostArray = dtype === 'float64' ? new Float64Array(0) : new Float32Array(0);

  return function threadedGemm(transA, transB, M, N, K, alpha, a, b, beta, c) {
    if (M * N * K < threshold || M < 2 * ROW_ALIGN || !worker.available) {
      single(transA, transB, M, N, K, alpha, a, b, beta, c);
      return;
    }
    stats.splits++;
    const m0 = Math.round(M / 2 / ROW_ALIGN) * ROW_ALIGN;
    const mw = M - m0;
    const sb = mw * K;
    const sc = sb + K * N;
    const s = worker.stage(dtype, sc + mw * N);
    // The worker's rows of op(A): rows of A, or columns of A (A is K×M) gathered as K×mw.
    if (transA) {
      for (let k = 0; k < K; k++) {
        const from = k * M + m0;
        const to = k * mw;
        for (let i = 0; i < mw; i++) s[to + i] = a[from + i]!;
      }
    } else {
      s.set(a.subarray(m0 * K, M * K), 0);
    }
    s.set(b.length === K * N ? b : b.subarray(0, K * N), sb);
    if (beta !== 0) s.set(c.subarray(m0 * N, M * N), sc);
    worker.post(dtype, transA, transB, mw, N, K, alpha, beta, beta !== 0);

    // The main thread's rows [0, m0): `single` reads A's first m0·K elements and writes C's
    // first m0·N, so only the transposed A needs gathering.
    let top = a;
    if (transA) {
      if (gathered.length < K * m0) {
        gathered = dtype === 'float64' ? new Float64Array(K * m0) : new Float32Array(K * m0);
      }
      for (let k = 0; k < K; k++) {
        const from = k * M;
        const to = k * m0;
        for (let i = 0; i < m0; i++) gathered[to + i] = a[from + i]!;
      }
      top = gathered;
    }
    try {
      single(transA, transB, m0, N, K, alpha, top, b, beta, c);
    } finally {
      worker.wait();
    }
    c.set(s.subarray(sc, sc + mw * N), m0 * N);
  };
}

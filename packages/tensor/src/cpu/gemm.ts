import type { HostArray } from '../dtype.js';

/**
 * General matrix multiply on row-major typed arrays: C = alpha·op(A)·op(B) + beta·C, with
 * op(A) M×K and op(B) K×N. Every variant keeps its innermost loop on contiguous memory:
 *
 * - NN and TN walk C row by row and add multiples of B's rows (i-k-j order), four rows of C at
 *   a time so that each row of B is loaded once for four updates (register tiling), over
 *   blocks of K×N that stay in cache.
 * - NT is a set of dot products of contiguous rows, four columns of C at a time.
 * - TT is rare (nothing in training uses it) and is done as NT on a transposed copy of A.
 *
 * With alpha = 1 and beta = 0 every element of C is summed over k in increasing order from
 * zero, which is exactly the order of the textbook triple loop: float64 results are
 * bit-identical to the plain reference.
 */
export type Gemm = (
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  alpha: number,
  a: HostArray,
  b: HostArray,
  beta: number,
  c: HostArray,
) => void;

const KC = 128; // rows of B per block
const NC = 256; // columns of B per block: a KC×NC float64 block is 256 KiB

/**
 * Makes a gemm. Called once per dtype so that each copy sees a single typed-array type and
 * V8 optimizes it monomorphically.
 */
export function makeGemm(): Gemm {
  function scaleC(c: HostArray, size: number, beta: number): void {
    if (beta === 0) c.fill(0);
    else if (beta !== 1) for (let i = 0; i < size; i++) c[i] = c[i]! * beta;
  }

  /** C += alpha·A·B (A M×K row-major, stride lda; element (i,k) at a[i*sai + k*sak]). */
  function ikj(
    M: number,
    N: number,
    K: number,
    alpha: number,
    a: HostArray,
    sai: number,
    sak: number,
    b: HostArray,
    c: HostArray,
  ): void {
    for (let j0 = 0; j0 < N; j0 += NC) {
      const j1 = Math.min(N, j0 + NC);
      for (let k0 = 0; k0 < K; k0 += KC) {
        const k1 = Math.min(K, k0 + KC);
        let i = 0;
        for (; i + 3 < M; i += 4) {
          const c0 = i * N;
          const c1 = c0 + N;
          const c2 = c1 + N;
          const c3 = c2 + N;
          for (let k = k0; k < k1; k++) {
            const ak = k * sak;
            const a0 = alpha * a[i * sai + ak]!;
            const a1 = alpha * a[(i + 1) * sai + ak]!;
            const a2 = alpha * a[(i + 2) * sai + ak]!;
            const a3 = alpha * a[(i + 3) * sai + ak]!;
            const bk = k * N;
            for (let j = j0; j < j1; j++) {
              const bv = b[bk + j]!;
              c[c0 + j] = c[c0 + j]! + a0 * bv;
              c[c1 + j] = c[c1 + j]! + a1 * bv;
              c[c2 + j] = c[c2 + j]! + a2 * bv;
              c[c3 + j] = c[c3 + j]! + a3 * bv;
            }
          }
        }
        for (; i < M; i++) {
          const c0 = i * N;
          for (let k = k0; k < k1; k++) {
            const a0 = alpha * a[i * sai + k * sak]!;
            const bk = k * N;
            for (let j = j0; j < j1; j++) c[c0 + j] = c[c0 + j]! + a0 * b[bk + j]!;
          }
        }
      }
    }
  }

  /** C = alpha·A·Bᵀ + beta·C with A M×K and B N×K, both row-major: contiguous dot products. */
  function dots(
    M: number,
    N: number,
    K: number,
    alpha: number,
    a: HostArray,
    b: HostArray,
    beta: number,
    c: HostArray,
  ): void {
    for (let i = 0; i < M; i++) {
      const ai = i * K;
      const ci = i * N;
      let j = 0;
      for (; j + 3 < N; j += 4) {
        const b0 = j * K;
        const b1 = b0 + K;
        const b2 = b1 + K;
        const b3 = b2 + K;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < K; k++) {
          const av = a[ai + k]!;
          s0 += av * b[b0 + k]!;
          s1 += av * b[b1 + k]!;
          s2 += av * b[b2 + k]!;
          s3 += av * b[b3 + k]!;
        }
        c[ci + j] = finish(s0, alpha, beta, c[ci + j]!);
        c[ci + j + 1] = finish(s1, alpha, beta, c[ci + j + 1]!);
        c[ci + j + 2] = finish(s2, alpha, beta, c[ci + j + 2]!);
        c[ci + j + 3] = finish(s3, alpha, beta, c[ci + j + 3]!);
      }
      for (; j < N; j++) {
        const bj = j * K;
        let s = 0;
        for (let k = 0; k < K; k++) s += a[ai + k]! * b[bj + k]!;
        c[ci + j] = finish(s, alpha, beta, c[ci + j]!);
      }
    }
  }

  return function gemm(transA, transB, M, N, K, alpha, a, b, beta, c) {
    if (transB) {
      if (transA) {
        // TT: Aᵀ is materialised once; the product is then NT.
        const at = new (a.constructor as typeof Float64Array)(M * K);
        for (let k = 0; k < K; k++) for (let i = 0; i < M; i++) at[i * K + k] = a[k * M + i]!;
        dots(M, N, K, alpha, at, b, beta, c);
      } else {
        dots(M, N, K, alpha, a, b, beta, c);
      }
      return;
    }
    scaleC(c, M * N, beta);
    // NN: A is M×K (element (i,k) at i*K + k); TN: A is stored K×M (element (i,k) at k*M + i).
    if (transA) ikj(M, N, K, alpha, a, 1, M, b, c);
    else ikj(M, N, K, alpha, a, K, 1, b, c);
  };
}

function finish(s: number, alpha: number, beta: number, old: number): number {
  const v = alpha === 1 ? s : alpha * s;
  return beta === 0 ? v : v + beta * old;
}

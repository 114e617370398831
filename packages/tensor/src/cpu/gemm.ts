import type { HostArray } from '../dtype.js';

/**
 * General matrix multiply on row-major typed arrays: C = alpha·op(A)·op(B) + beta·C, with
 * op(A) M×K and op(B) K×N.
 *
 * The classic packed design (as in GotoBLAS/BLIS), in plain TypeScript:
 * - K is cut into blocks of KC. For each block, op(A) is packed into panels of MR = 4 rows and
 *   op(B) into panels of NR = 4 columns, each panel contiguous in k. Packing reads A and B in
 *   whichever layout they have, so the transposed variants cost no extra pass.
 * - A 4×4 micro-kernel keeps 16 sums of C in registers while it walks k through one A panel
 *   and one B panel: 8 loads for 16 multiply-adds, every load contiguous.
 * - The sums start from C (0 when beta = 0), and k runs in increasing order across blocks, so
 *   with alpha = 1 and beta = 0 every element of C is summed exactly as the textbook triple
 *   loop sums it: float64 results are bit-identical to the plain reference.
 * The packed panels are float64 for both dtypes; float32 results are rounded when stored.
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

const MR = 4;
const NR = 4;
const KC = 256;

/**
 * Makes a gemm with its own packing buffers. Called once per dtype so that each copy sees a
 * single typed-array type and V8 optimizes it monomorphically; the buffers grow to the
 * largest product seen and are reused, so steady-state training allocates nothing.
 */
export function makeGemm(): Gemm {
  let packedA = new Float64Array(0);
  let packedB = new Float64Array(0);
  const edge = new Float64Array(MR * NR);

  /** Packs rows [0, M) × k in [k0, k0+kc) of alpha·op(A) into MR-row panels. */
  function packA(
    a: HostArray,
    transA: boolean,
    M: number,
    K: number,
    k0: number,
    kc: number,
    alpha: number,
  ): void {
    // op(A)(i, k) is a[i*K + k] (A is M×K) or a[k*M + i] (A is K×M, transposed).
    const si = transA ? 1 : K;
    const sk = transA ? M : 1;
    let p = 0;
    for (let i0 = 0; i0 < M; i0 += MR) {
      const rows = Math.min(MR, M - i0);
      for (let k = k0; k < k0 + kc; k++) {
        for (let ii = 0; ii < MR; ii++) {
          packedA[p++] = ii < rows ? alpha * a[(i0 + ii) * si + k * sk]! : 0;
        }
      }
    }
  }

  /** Packs k in [k0, k0+kc) × columns [0, N) of op(B) into NR-column panels. */
  function packB(
    b: HostArray,
    transB: boolean,
    N: number,
    K: number,
    k0: number,
    kc: number,
  ): void {
    // op(B)(k, j) is b[k*N + j] (B is K×N) or b[j*K + k] (B is N×K, transposed).
    const sk = transB ? 1 : N;
    const sj = transB ? K : 1;
    let p = 0;
    for (let j0 = 0; j0 < N; j0 += NR) {
      const cols = Math.min(NR, N - j0);
      for (let k = k0; k < k0 + kc; k++) {
        for (let jj = 0; jj < NR; jj++) packedB[p++] = jj < cols ? b[k * sk + (j0 + jj) * sj]! : 0;
      }
    }
  }

  /** C[i0:i0+4, j0:j0+4] += (A panel)·(B panel) over kc steps; edge tiles go through `edge`. */
  function kernel(
    pa: number,
    pb: number,
    kc: number,
    c: HostArray,
    r0: number,
    N: number,
    rows: number,
    cols: number,
  ): void {
    const A = packedA;
    const B = packedB;
    const full = rows === MR && cols === NR;
    if (!full) {
      edge.fill(0);
      for (let ii = 0; ii < rows; ii++)
        for (let jj = 0; jj < cols; jj++) edge[ii * NR + jj] = c[r0 + ii * N + jj]!;
    }
    const src = full ? c : edge;
    const s = full ? N : NR;
    const o0 = full ? r0 : 0;
    const o1 = o0 + s;
    const o2 = o1 + s;
    const o3 = o2 + s;
    let c00 = src[o0]!,
      c01 = src[o0 + 1]!,
      c02 = src[o0 + 2]!,
      c03 = src[o0 + 3]!;
    let c10 = src[o1]!,
      c11 = src[o1 + 1]!,
      c12 = src[o1 + 2]!,
      c13 = src[o1 + 3]!;
    let c20 = src[o2]!,
      c21 = src[o2 + 1]!,
      c22 = src[o2 + 2]!,
      c23 = src[o2 + 3]!;
    let c30 = src[o3]!,
      c31 = src[o3 + 1]!,
      c32 = src[o3 + 2]!,
      c33 = src[o3 + 3]!;
    for (let k = 0; k < kc; k++) {
      const ia = pa + k * MR;
      const ib = pb + k * NR;
      const a0 = A[ia]!,
        a1 = A[ia + 1]!,
        a2 = A[ia + 2]!,
        a3 = A[ia + 3]!;
      const b0 = B[ib]!,
        b1 = B[ib + 1]!,
        b2 = B[ib + 2]!,
        b3 = B[ib + 3]!;
      c00 += a0 * b0;
      c01 += a0 * b1;
      c02 += a0 * b2;
      c03 += a0 * b3;
      c10 += a1 * b0;
      c11 += a1 * b1;
      c12 += a1 * b2;
      c13 += a1 * b3;
      c20 += a2 * b0;
      c21 += a2 * b1;
      c22 += a2 * b2;
      c23 += a2 * b3;
      c30 += a3 * b0;
      c31 += a3 * b1;
      c32 += a3 * b2;
      c33 += a3 * b3;
    }
    const dst = full ? c : edge;
    dst[o0] = c00;
    dst[o0 + 1] = c01;
    dst[o0 + 2] = c02;
    dst[o0 + 3] = c03;
    dst[o1] = c10;
    dst[o1 + 1] = c11;
    dst[o1 + 2] = c12;
    dst[o1 + 3] = c13;
    dst[o2] = c20;
    dst[o2 + 1] = c21;
    dst[o2 + 2] = c22;
    dst[o2 + 3] = c23;
    dst[o3] = c30;
    dst[o3 + 1] = c31;
    dst[o3 + 2] = c32;
    dst[o3 + 3] = c33;
    if (!full) {
      for (let ii = 0; ii < rows; ii++)
        for (let jj = 0; jj < cols; jj++) c[r0 + ii * N + jj] = edge[ii * NR + jj]!;
    }
  }

  return function gemm(transA, transB, M, N, K, alpha, a, b, beta, c) {
    if (beta === 0) c.fill(0, 0, M * N);
    else if (beta !== 1) for (let i = 0; i < M * N; i++) c[i] = beta * c[i]!;
    const panelsA = Math.ceil(M / MR);
    const panelsB = Math.ceil(N / NR);
    const kcMax = Math.min(KC, K);
    if (packedA.length < panelsA * MR * kcMax) packedA = new Float64Array(panelsA * MR * kcMax);
    if (packedB.length < panelsB * NR * kcMax) packedB = new Float64Array(panelsB * NR * kcMax);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0);
      packA(a, transA, M, K, k0, kc, alpha);
      packB(b, transB, N, K, k0, kc);
      for (let pi = 0; pi < panelsA; pi++) {
        const i0 = pi * MR;
        const rows = Math.min(MR, M - i0);
        for (let pj = 0; pj < panelsB; pj++) {
          const j0 = pj * NR;
          kernel(pi * MR * kc, pj * NR * kc, kc, c, i0 * N + j0, N, rows, Math.min(NR, N - j0));
        }
      }
    }
  };
}

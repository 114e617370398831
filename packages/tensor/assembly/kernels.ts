// AssemblyScript source of the CPU backend's WebAssembly SIMD kernels (compiled by
// scripts/build-wasm.mjs into src/cpu/wasm/kernels.generated.js at build time).
//
// gemm: C = alpha·op(A)·op(B) + beta·C on row-major matrices in linear memory, with op(A) M×K
// and op(B) K×N. The design is the TypeScript gemm's (src/cpu/gemm.ts), in SIMD:
// - k runs in blocks of KC; for each block op(B) is packed into panels of NR columns and op(A)
//   into panels of MR rows (blocks of MC rows), each panel contiguous in k. Packing reads A and
//   B in whichever layout they have, so the transposed products cost no extra pass.
// - The micro-kernel keeps an MR×NR tile of C in vector registers and walks k through one A
//   panel and one B panel, adding a·b (madd64/madd32 below). In the plain SIMD build that is
//   a separate multiply and add, so every element of C is the sum of its products in
//   increasing k, rounded as the textbook loop rounds it: with alpha = 1 and beta = 0, float64
//   results are bit-identical to the textbook loop. The relaxed-SIMD build (same source,
//   compiled with the relaxed-simd feature) fuses them (FMA): the same order, one rounding per
//   step instead of two. float32 sums are kept in float32 (4 lanes).
//
// The caller (src/cpu/wasm/wasm-gemm.ts) owns the memory layout: it copies A, B (and C when
// beta ≠ 0) in, passes their byte offsets and scratch space for the packed panels, and copies
// C out.

const KC: i32 = 256;

// The micro-kernels' multiply-add, chosen when the module is compiled: built with the
// relaxed-simd feature it is one fused multiply-add (relaxed_madd: a·b + c, rounded once where
// the hardware has FMA, so results differ from the textbook loop's in the last bits); built
// without it, a multiply then an add, each rounded, as the textbook loop rounds them. (Both are
// inlined by the optimizer: the built kernels call no function in their loops.)

function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

function madd32(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
const MC: i32 = 96;

// ---- float64: MR = 6 rows, NR = 4 columns (two f64x2 per row) ---------------------------

const MR64: i32 = 6;
const NR64: i32 = 4;

/** Packs op(A)[i0 : i0+mc, k0 : k0+kc]·alpha into MR-row panels at `dst`. */
function packA64(
  a: usize,
  transA: bool,
  M: i32,
  K: i32,
  i0: i32,
  mc: i32,
  k0: i32,
  kc: i32,
  alpha: f64,
  dst: usize,
): void {
  // op(A)(i, k) = a[i*K + k] (A is M×K) or a[k*M + i] (A is K×M).
  const si: i32 = transA ? 1 : K;
  const sk: i32 = transA ? M : 1;
  let p = dst;
  for (let ip: i32 = 0; ip < mc; ip += MR64) {
    const rows = min(MR64, mc - ip);
    for (let k: i32 = k0; k < k0 + kc; k++) {
      for (let ii: i32 = 0; ii < MR64; ii++) {
        let v: f64 = 0;
        if (ii < rows) v = load<f64>(a + ((<usize>((i0 + ip + ii) * si + k * sk)) << 3));
        store<f64>(p, alpha === 1 ? v : alpha * v);
        p += 8;
      }
    }
  }
}

/** Packs op(B)[k0 : k0+kc, 0 : N] into NR-column panels at `dst`. */
function packB64(b: usize, transB: bool, N: i32, K: i32, k0: i32, kc: i32, dst: usize): void {
  // op(B)(k, j) = b[k*N + j] (B is K×N) or b[j*K + k] (B is N×K).
  let p = dst;
  for (let j0: i32 = 0; j0 < N; j0 += NR64) {
    const cols = min(NR64, N - j0);
    if (!transB && cols === NR64) {
      for (let k: i32 = k0; k < k0 + kc; k++) {
        const src = b + ((<usize>(k * N + j0)) << 3);
        v128.store(p, v128.load(src));
        v128.store(p, v128.load(src, 16), 16);
        p += 32;
      }
    } else {
      const sk: i32 = transB ? 1 : N;
      const sj: i32 = transB ? K : 1;
      for (let k: i32 = k0; k < k0 + kc; k++) {
        for (let jj: i32 = 0; jj < NR64; jj++) {
          let v: f64 = 0;
          if (jj < cols) v = load<f64>(b + ((<usize>(k * sk + (j0 + jj) * sj)) << 3));
          store<f64>(p, v);
          p += 8;
        }
      }
    }
  }
}

/** C tile (6×4 at `c`, row stride `ldc` bytes) += A panel · B panel over kc steps. */
function kernel64(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  const r1 = c + ldc;
  const r2 = r1 + ldc;
  const r3 = r2 + ldc;
  const r4 = r3 + ldc;
  const r5 = r4 + ldc;
  let c00 = v128.load(c);
  let c01 = v128.load(c, 16);
  let c10 = v128.load(r1);
  let c11 = v128.load(r1, 16);
  let c20 = v128.load(r2);
  let c21 = v128.load(r2, 16);
  let c30 = v128.load(r3);
  let c31 = v128.load(r3, 16);
  let c40 = v128.load(r4);
  let c41 = v128.load(r4, 16);
  let c50 = v128.load(r5);
  let c51 = v128.load(r5, 16);
  for (let k: i32 = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = madd64(a, b0, c00);
    c01 = madd64(a, b1, c01);
    a = v128.load64_splat(pa, 8);
    c10 = madd64(a, b0, c10);
    c11 = madd64(a, b1, c11);
    a = v128.load64_splat(pa, 16);
    c20 = madd64(a, b0, c20);
    c21 = madd64(a, b1, c21);
    a = v128.load64_splat(pa, 24);
    c30 = madd64(a, b0, c30);
    c31 = madd64(a, b1, c31);
    a = v128.load64_splat(pa, 32);
    c40 = madd64(a, b0, c40);
    c41 = madd64(a, b1, c41);
    a = v128.load64_splat(pa, 40);
    c50 = madd64(a, b0, c50);
    c51 = madd64(a, b1, c51);
    pa += 48;
    pb += 32;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(r1, c10);
  v128.store(r1, c11, 16);
  v128.store(r2, c20);
  v128.store(r2, c21, 16);
  v128.store(r3, c30);
  v128.store(r3, c31, 16);
  v128.store(r4, c40);
  v128.store(r4, c41, 16);
  v128.store(r5, c50);
  v128.store(r5, c51, 16);
}

export function gemm64(
  transA: bool,
  transB: bool,
  M: i32,
  N: i32,
  K: i32,
  alpha: f64,
  a: usize,
  b: usize,
  beta: f64,
  c: usize,
  packA: usize,
  packB: usize,
  edge: usize,
): void {
  const total = M * N;
  if (beta === 0) memory.fill(c, 0, (<usize>total) << 3);
  else if (beta !== 1) {
    for (let i: i32 = 0; i < total; i++) {
      const q = c + ((<usize>i) << 3);
      store<f64>(q, beta * load<f64>(q));
    }
  }
  const ldc = (<usize>N) << 3;
  for (let k0: i32 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packB64(b, transB, N, K, k0, kc, packB);
    for (let i0: i32 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA64(a, transA, M, K, i0, mc, k0, kc, alpha, packA);
      for (let j0: i32 = 0; j0 < N; j0 += NR64) {
        const cols = min(NR64, N - j0);
        const pb = packB + ((<usize>(j0 * kc)) << 3);
        for (let ip: i32 = 0; ip < mc; ip += MR64) {
          const rows = min(MR64, mc - ip);
          const pa = packA + ((<usize>(ip * kc)) << 3);
          const tile = c + ((<usize>((i0 + ip) * N + j0)) << 3);
          if (rows === MR64 && cols === NR64) {
            kernel64(pa, pb, kc, tile, ldc);
          } else {
            // An edge tile: through a 4×4 buffer, so that the kernel stays branch-free.
            for (let ii: i32 = 0; ii < MR64; ii++) {
              for (let jj: i32 = 0; jj < NR64; jj++) {
                let v: f64 = 0;
                if (ii < rows && jj < cols)
                  v = load<f64>(tile + <usize>ii * ldc + ((<usize>jj) << 3));
                store<f64>(edge + ((<usize>(ii * NR64 + jj)) << 3), v);
              }
            }
            kernel64(pa, pb, kc, edge, (<usize>NR64) << 3);
            for (let ii: i32 = 0; ii < rows; ii++) {
              for (let jj: i32 = 0; jj < cols; jj++) {
                store<f64>(
                  tile + <usize>ii * ldc + ((<usize>jj) << 3),
                  load<f64>(edge + ((<usize>(ii * NR64 + jj)) << 3)),
                );
              }
            }
          }
        }
      }
    }
  }
}

// ---- float32: MR = 4 rows, NR = 8 columns (two f32x4 per row) ----------------------------

const MR32: i32 = 4;
const NR32: i32 = 8;

function packA32(
  a: usize,
  transA: bool,
  M: i32,
  K: i32,
  i0: i32,
  mc: i32,
  k0: i32,
  kc: i32,
  alpha: f32,
  dst: usize,
): void {
  const si: i32 = transA ? 1 : K;
  const sk: i32 = transA ? M : 1;
  let p = dst;
  for (let ip: i32 = 0; ip < mc; ip += MR32) {
    const rows = min(MR32, mc - ip);
    for (let k: i32 = k0; k < k0 + kc; k++) {
      for (let ii: i32 = 0; ii < MR32; ii++) {
        let v: f32 = 0;
        if (ii < rows) v = load<f32>(a + ((<usize>((i0 + ip + ii) * si + k * sk)) << 2));
        store<f32>(p, alpha === 1 ? v : alpha * v);
        p += 4;
      }
    }
  }
}

function packB32(b: usize, transB: bool, N: i32, K: i32, k0: i32, kc: i32, dst: usize): void {
  let p = dst;
  for (let j0: i32 = 0; j0 < N; j0 += NR32) {
    const cols = min(NR32, N - j0);
    if (!transB && cols === NR32) {
      for (let k: i32 = k0; k < k0 + kc; k++) {
        const src = b + ((<usize>(k * N + j0)) << 2);
        v128.store(p, v128.load(src));
        v128.store(p, v128.load(src, 16), 16);
        p += 32;
      }
    } else {
      const sk: i32 = transB ? 1 : N;
      const sj: i32 = transB ? K : 1;
      for (let k: i32 = k0; k < k0 + kc; k++) {
        for (let jj: i32 = 0; jj < NR32; jj++) {
          let v: f32 = 0;
          if (jj < cols) v = load<f32>(b + ((<usize>(k * sk + (j0 + jj) * sj)) << 2));
          store<f32>(p, v);
          p += 4;
        }
      }
    }
  }
}

function kernel32(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  const r1 = c + ldc;
  const r2 = r1 + ldc;
  const r3 = r2 + ldc;
  let c00 = v128.load(c);
  let c01 = v128.load(c, 16);
  let c10 = v128.load(r1);
  let c11 = v128.load(r1, 16);
  let c20 = v128.load(r2);
  let c21 = v128.load(r2, 16);
  let c30 = v128.load(r3);
  let c31 = v128.load(r3, 16);
  for (let k: i32 = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd32(a, b0, c00);
    c01 = madd32(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd32(a, b0, c10);
    c11 = madd32(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd32(a, b0, c20);
    c21 = madd32(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd32(a, b0, c30);
    c31 = madd32(a, b1, c31);
    pa += 16;
    pb += 32;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(r1, c10);
  v128.store(r1, c11, 16);
  v128.store(r2, c20);
  v128.store(r2, c21, 16);
  v128.store(r3, c30);
  v128.store(r3, c31, 16);
}

export function gemm32(
  transA: bool,
  transB: bool,
  M: i32,
  N: i32,
  K: i32,
  alpha: f32,
  a: usize,
  b: usize,
  beta: f32,
  c: usize,
  packA: usize,
  packB: usize,
  edge: usize,
): void {
  const total = M * N;
  if (beta === 0) memory.fill(c, 0, (<usize>total) << 2);
  else if (beta !== 1) {
    for (let i: i32 = 0; i < total; i++) {
      const q = c + ((<usize>i) << 2);
      store<f32>(q, beta * load<f32>(q));
    }
  }
  const ldc = (<usize>N) << 2;
  for (let k0: i32 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    packB32(b, transB, N, K, k0, kc, packB);
    for (let i0: i32 = 0; i0 < M; i0 += MC) {
      const mc = min(MC, M - i0);
      packA32(a, transA, M, K, i0, mc, k0, kc, alpha, packA);
      for (let j0: i32 = 0; j0 < N; j0 += NR32) {
        const cols = min(NR32, N - j0);
        const pb = packB + ((<usize>(j0 * kc)) << 2);
        for (let ip: i32 = 0; ip < mc; ip += MR32) {
          const rows = min(MR32, mc - ip);
          const pa = packA + ((<usize>(ip * kc)) << 2);
          const tile = c + ((<usize>((i0 + ip) * N + j0)) << 2);
          if (rows === MR32 && cols === NR32) {
            kernel32(pa, pb, kc, tile, ldc);
          } else {
            for (let ii: i32 = 0; ii < MR32; ii++) {
              for (let jj: i32 = 0; jj < NR32; jj++) {
                let v: f32 = 0;
                if (ii < rows && jj < cols)
                  v = load<f32>(tile + <usize>ii * ldc + ((<usize>jj) << 2));
                store<f32>(edge + ((<usize>(ii * NR32 + jj)) << 2), v);
              }
            }
            kernel32(pa, pb, kc, edge, (<usize>NR32) << 2);
            for (let ii: i32 = 0; ii < rows; ii++) {
              for (let jj: i32 = 0; jj < cols; jj++) {
                store<f32>(
                  tile + <usize>ii * ldc + ((<usize>jj) << 2),
                  load<f32>(edge + ((<usize>(ii * NR32 + jj)) << 2)),
                );
              }
            }
          }
        }
      }
    }
  }
}

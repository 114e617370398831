// AssemblyScript source of the CPU backend's WebAssembly SIMD kernels (compiled by
// scripts/build-wasm.mjs into src/cpu/wasm/kernels.generated.js at build time).
//
// gemm: C = alpha·op(A)·op(B) + beta·C on row-major matrices in linear memory, with op(A) M×K
// and op(B) K×N, for C's rows [r0, r1) (the whole product: 0, M; the two-thread backend gives
// each thread a range of rows). The design is the TypeScript gemm's (src/cpu/gemm.ts), in SIMD:
// - k runs in blocks of KC; for each block op(B) is packed into panels of NR columns and op(A)
//   into panels of MR rows (blocks of MC rows), each panel contiguous in k. Packing reads A and
//   B in whichever layout they have, so the transposed products cost no extra pass.
// - The micro-kernel keeps an MR×NR tile of C in vector registers and walks k through one A
//   panel and one B panel, adding a·b (madd64/madd32 below). In the plain SIMD build that is
//   a separate multiply and add, so every element of C is the sum of its products in
//   increasing k, rounded as the textbook loop rounds it: with alpha = 1 and beta = 0, float64
//   results are bit-identical to the textbook loop. The relaxed-SIMD build (same source,
//   compiled with the relaxed-simd feature) fuses them (FMA): the same order, one rounding per
//   step instead of two. float32 sums are kept in float32 (4 lanes). Each element's sequence of
//   operations depends on neither the tile nor the row range it falls in, so any split of the
//   rows gives the same bits.
//
// The packing and the driver are written once, generic in the element type T (f64 or f32);
// only the micro-kernels differ. The caller (src/cpu/wasm/wasm-gemm.ts) owns the memory layout:
// it copies A, B (and C when beta ≠ 0) in, passes their byte offsets and scratch space for the
// packed panels, and copies C out. It reads the block sizes below from the module's exports
// (the one place they are defined).

/** k is cut into blocks of KC; op(A) into blocks of MC rows (both float64 and float32). */
export const KC: i32 = 256;
export const MC: i32 = 96;
/** The float64 micro-kernel's tile: MR64 rows × NR64 columns (two f64x2 per row). */
export const MR64: i32 = 6;
export const NR64: i32 = 4;
/** The float32 micro-kernel's tile: MR32 rows × NR32 columns (two f32x4 per row); see kernel32. */
export const MR32: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 4;
export const NR32: i32 = 8;

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

/** The micro-kernel's rows for element type T. */
function mr<T>(): i32 {
  return sizeof<T>() === 8 ? MR64 : MR32;
}

/** The micro-kernel's columns for element type T. */
function nr<T>(): i32 {
  return sizeof<T>() === 8 ? NR64 : NR32;
}

/** Byte offset of element `index` of a T array. */
function at<T>(index: i32): usize {
  return (<usize>index) << alignof<T>();
}

/**
 * Packs op(A)[i0 : i0+mc, k0 : k0+kc]·alpha into MR-row panels at `dst` (panel rows past `mc`
 * are zero). Each row of a panel is walked with running pointers: the source along k, the
 * destination MR values apart.
 */
function packA<T>(
  a: usize,
  transA: bool,
  M: i32,
  K: i32,
  i0: i32,
  mc: i32,
  k0: i32,
  kc: i32,
  alpha: T,
  dst: usize,
): void {
  const MR = mr<T>();
  // op(A)(i, k) = a[i*K + k] (A is M×K) or a[k*M + i] (A is K×M), in bytes:
  const rowStep: usize = at<T>(transA ? 1 : K);
  const kStep: usize = at<T>(transA ? M : 1);
  const panelStep: usize = at<T>(MR);
  let panel = dst;
  for (let ip: i32 = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    for (let ii: i32 = 0; ii < MR; ii++) {
      let p = panel + at<T>(ii);
      if (ii < rows) {
        let src = a + <usize>(i0 + ip + ii) * rowStep + <usize>k0 * kStep;
        if (alpha === <T>1) {
          for (let k: i32 = 0; k < kc; k++) {
            store<T>(p, load<T>(src));
            src += kStep;
            p += panelStep;
          }
        } else {
          for (let k: i32 = 0; k < kc; k++) {
            store<T>(p, alpha * load<T>(src));
            src += kStep;
            p += panelStep;
          }
        }
      } else {
        for (let k: i32 = 0; k < kc; k++) {
          store<T>(p, <T>0);
          p += panelStep;
        }
      }
    }
    panel += <usize>kc * panelStep;
  }
}

/** Packs op(B)[k0 : k0+kc, 0 : N] into NR-column panels at `dst`. */
function packB<T>(b: usize, transB: bool, N: i32, K: i32, k0: i32, kc: i32, dst: usize): void {
  const NR = nr<T>();
  const rowBytes = at<T>(NR);
  // op(B)(k, j) = b[k*N + j] (B is K×N) or b[j*K + k] (B is N×K).
  let p = dst;
  for (let j0: i32 = 0; j0 < N; j0 += NR) {
    const cols = min(NR, N - j0);
    if (!transB && cols === NR) {
      for (let k: i32 = k0; k < k0 + kc; k++) {
        const src = b + at<T>(k * N + j0);
        for (let o: usize = 0; o < rowBytes; o += 16) v128.store(p + o, v128.load(src + o));
        p += rowBytes;
      }
    } else {
      // Column by column with running pointers (a transposed B is read along its rows).
      const kStep: usize = at<T>(transB ? 1 : N);
      const colStep: usize = at<T>(transB ? K : 1);
      for (let jj: i32 = 0; jj < NR; jj++) {
        let q = p + at<T>(jj);
        if (jj < cols) {
          let src = b + <usize>k0 * kStep + <usize>(j0 + jj) * colStep;
          for (let k: i32 = 0; k < kc; k++) {
            store<T>(q, load<T>(src));
            src += kStep;
            q += rowBytes;
          }
        } else {
          for (let k: i32 = 0; k < kc; k++) {
            store<T>(q, <T>0);
            q += rowBytes;
          }
        }
      }
      p += <usize>kc * rowBytes;
    }
  }
}

/** C tile (6×4 float64 at `c`, row stride `ldc` bytes) += A panel · B panel over kc steps. */
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

/**
 * C tile (MR32×8 float32 at `c`, row stride `ldc` bytes) += A panel · B panel over kc steps.
 * With FMA, six rows: 12 accumulators, two B vectors and one broadcast A value, 15 of the 16
 * vector registers that V8 gives WebAssembly on x64 (fewer accumulators leave the FMA units
 * waiting on latency). Without it, four rows: the separate multiply needs a register of its
 * own, and six rows spill.
 */
function kernel32(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  const r1 = c + ldc;
  const r2 = r1 + ldc;
  const r3 = r2 + ldc;
  const r4 = r3 + ldc;
  const r5 = r4 + ldc;
  const six = MR32 === 6;
  let c00 = v128.load(c);
  let c01 = v128.load(c, 16);
  let c10 = v128.load(r1);
  let c11 = v128.load(r1, 16);
  let c20 = v128.load(r2);
  let c21 = v128.load(r2, 16);
  let c30 = v128.load(r3);
  let c31 = v128.load(r3, 16);
  let c40 = six ? v128.load(r4) : c00;
  let c41 = six ? v128.load(r4, 16) : c00;
  let c50 = six ? v128.load(r5) : c00;
  let c51 = six ? v128.load(r5, 16) : c00;
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
    if (six) {
      a = v128.load32_splat(pa, 16);
      c40 = madd32(a, b0, c40);
      c41 = madd32(a, b1, c41);
      a = v128.load32_splat(pa, 20);
      c50 = madd32(a, b0, c50);
      c51 = madd32(a, b1, c51);
    }
    pa += MR32 * 4;
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
  if (six) {
    v128.store(r4, c40);
    v128.store(r4, c41, 16);
    v128.store(r5, c50);
    v128.store(r5, c51, 16);
  }
}

/** The micro-kernel of element type T. */
function kernel<T>(pa: usize, pb: usize, kc: i32, c: usize, ldc: usize): void {
  if (sizeof<T>() === 8) kernel64(pa, pb, kc, c, ldc);
  else kernel32(pa, pb, kc, c, ldc);
}

/** The driver: C's rows [r0, r1) of C = alpha·op(A)·op(B) + beta·C, T the element type. */
function gemm<T>(
  transA: bool,
  transB: bool,
  M: i32,
  N: i32,
  K: i32,
  alpha: T,
  a: usize,
  b: usize,
  beta: T,
  c: usize,
  packAt: usize,
  packBt: usize,
  edge: usize,
  r0: i32,
  r1: i32,
): void {
  const MR = mr<T>();
  const NR = nr<T>();
  const first = c + at<T>(r0 * N);
  const total = (r1 - r0) * N;
  if (beta === <T>0) memory.fill(first, 0, at<T>(total));
  else if (beta !== <T>1) {
    for (let i: i32 = 0; i < total; i++) {
      const q = first + at<T>(i);
      store<T>(q, beta * load<T>(q));
    }
  }
  const ldc = at<T>(N);
  // k in equal blocks of at most KC (785 = 4 × 197, not 3 × 256 + 17): a short last block
  // would load and store every C tile for a few steps of work. Each element still sums its
  // products in increasing k, so the blocking changes no bit.
  const kBlocks = (K + KC - 1) / KC;
  const KB = (K + kBlocks - 1) / kBlocks;
  for (let k0: i32 = 0; k0 < K; k0 += KB) {
    const kc = min(KB, K - k0);
    packB<T>(b, transB, N, K, k0, kc, packBt);
    for (let i0: i32 = r0; i0 < r1; i0 += MC) {
      const mc = min(MC, r1 - i0);
      packA<T>(a, transA, M, K, i0, mc, k0, kc, alpha, packAt);
      for (let j0: i32 = 0; j0 < N; j0 += NR) {
        const cols = min(NR, N - j0);
        const pb = packBt + at<T>(j0 * kc);
        for (let ip: i32 = 0; ip < mc; ip += MR) {
          const rows = min(MR, mc - ip);
          const pa = packAt + at<T>(ip * kc);
          const tile = c + at<T>((i0 + ip) * N + j0);
          if (rows === MR && cols === NR) {
            kernel<T>(pa, pb, kc, tile, ldc);
          } else {
            // An edge tile: through an MR×NR buffer, so that the kernel stays branch-free.
            for (let ii: i32 = 0; ii < MR; ii++) {
              for (let jj: i32 = 0; jj < NR; jj++) {
                let v: T = <T>0;
                if (ii < rows && jj < cols) v = load<T>(tile + <usize>ii * ldc + at<T>(jj));
                store<T>(edge + at<T>(ii * NR + jj), v);
              }
            }
            kernel<T>(pa, pb, kc, edge, at<T>(NR));
            for (let ii: i32 = 0; ii < rows; ii++) {
              for (let jj: i32 = 0; jj < cols; jj++) {
                store<T>(tile + <usize>ii * ldc + at<T>(jj), load<T>(edge + at<T>(ii * NR + jj)));
              }
            }
          }
        }
      }
    }
  }
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
  r0: i32,
  r1: i32,
): void {
  gemm<f64>(transA, transB, M, N, K, alpha, a, b, beta, c, packA, packB, edge, r0, r1);
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
  r0: i32,
  r1: i32,
): void {
  gemm<f32>(transA, transB, M, N, K, alpha, a, b, beta, c, packA, packB, edge, r0, r1);
}

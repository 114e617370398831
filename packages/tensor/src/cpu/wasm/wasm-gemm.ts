import type { HostArray } from '../../dtype.js';
import type { Gemm } from '../gemm.js';
import type { WasmGemm, WasmKernels, WasmMemory } from './wasm-api.js';

/** The kernels' blocking for one dtype, as the module exports it (assembly/kernels.ts). */
export interface BlockSizes {
  /** k is cut into blocks of kc; op(A) into blocks of mc rows. */
  readonly kc: number;
  readonly mc: number;
  /** The micro-kernel's tile: mr rows × nr columns. */
  readonly mr: number;
  readonly nr: number;
}

/** The block sizes of `kernels` for `dtype`, read from the module's exports. */
export function blockSizes(kernels: WasmKernels, dtype: 'float64' | 'float32'): BlockSizes {
  const f64 = dtype === 'float64';
  return {
    kc: kernels.KC.value,
    mc: kernels.MC.value,
    mr: (f64 ? kernels.MR64 : kernels.MR32).value,
    nr: (f64 ? kernels.NR64 : kernels.NR32).value,
  };
}

/** One thread's packing scratch in the kernels' memory (byte offsets). */
export interface Scratch {
  packA: number;
  packB: number;
  edge: number;
}

/** Where a product's operands and each thread's scratch sit in the kernels' memory. */
export interface WasmLayout {
  aOff: number;
  bOff: number;
  cOff: number;
  /** One per thread, for at most `rows` rows of C each. */
  scratch: Scratch[];
  /** Where the region ends (the memory must be at least this long). */
  end: number;
}

const ALIGN = 64;

/**
 * Where A, B, C and the packing scratch of `threads` threads sit in the kernels' memory (byte
 * offsets) for one product in which no thread computes more than `rows` rows of C.
 */
export function wasmLayout(
  M: number,
  N: number,
  K: number,
  bytes: number,
  blocks: BlockSizes,
  threads = 1,
  rows = M,
): WasmLayout {
  const { kc: KC, mc: MC, mr, nr } = blocks;
  const kc = Math.min(KC, K);
  const aOff = ALIGN;
  const bOff = aOff + roundUp(M * K * bytes);
  const cOff = bOff + roundUp(K * N * bytes);
  let end = cOff + roundUp(M * N * bytes);
  const scratch: Scratch[] = [];
  for (let t = 0; t < threads; t++) {
    const packA = end;
    const packB = packA + roundUp(Math.ceil(Math.min(MC, rows) / mr) * mr * kc * bytes);
    const edge = packB + roundUp(Math.ceil(N / nr) * nr * kc * bytes);
    end = edge + roundUp(mr * nr * bytes);
    scratch.push({ packA, packB, edge });
  }
  return { aOff, bOff, cOff, scratch, end };
}

function roundUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/**
 * A view of the kernels' whole memory in one dtype, made again after a growth replaced the
 * buffer; `reserve(end)` grows the memory to at least `end` bytes first.
 */
export function memoryView(
  memory: WasmMemory,
  dtype: 'float64' | 'float32',
): (end: number) => HostArray {
  let buffer: ArrayBuffer | undefined;
  let view: HostArray = new Float64Array(0);
  return function reserve(end) {
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / 65536));
    const current = memory.buffer;
    if (current !== buffer) {
      buffer = current;
      view = dtype === 'float64' ? new Float64Array(current) : new Float32Array(current);
    }
    return view;
  };
}

/** The kernels' gemm export of `dtype`. */
export function gemmExport(kernels: WasmKernels, dtype: 'float64' | 'float32'): WasmGemm {
  return dtype === 'float64' ? kernels.gemm64 : kernels.gemm32;
}

/**
 * The gemm of the WebAssembly SIMD kernels, for one dtype: A and B (and C when beta ≠ 0) are
 * copied into the module's memory, the kernel runs there, and C is copied back. The memory
 * grows to the largest product seen and is reused, so steady-state training allocates nothing
 * on the JS heap.
 */
export function makeWasmGemm(kernels: WasmKernels, dtype: 'float64' | 'float32'): Gemm {
  const bytes = dtype === 'float64' ? 8 : 4;
  const run = gemmExport(kernels, dtype);
  const blocks = blockSizes(kernels, dtype);
  const reserve = memoryView(kernels.memory, dtype);

  return function wasmGemm(transA, transB, M, N, K, alpha, a, b, beta, c) {
    const { aOff, bOff, cOff, scratch, end } = wasmLayout(M, N, K, bytes, blocks);
    const { packA, packB, edge } = scratch[0]!;
    const h = reserve(end);
    h.set(a.length === M * K ? a : a.subarray(0, M * K), aOff / bytes);
    h.set(b.length === K * N ? b : b.subarray(0, K * N), bOff / bytes);
    if (beta !== 0) h.set(c.subarray(0, M * N), cOff / bytes);
    run(
      transA ? 1 : 0,
      transB ? 1 : 0,
      M,
      N,
      K,
      alpha,
      aOff,
      bOff,
      beta,
      cOff,
      packA,
      packB,
      edge,
      0,
      M,
    );
    c.set(h.subarray(cOff / bytes, cOff / bytes + M * N));
  };
}

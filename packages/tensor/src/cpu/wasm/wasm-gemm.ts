import type { HostArray } from '../../dtype.js';
import type { Gemm } from '../gemm.js';
import type { WasmKernels } from './load-kernels.js';

/** Sizes the packing buffers must hold: assembly/kernels.ts's MC, KC and panel widths. */
const MC = 96;
const KC = 256;
const MR = { float64: 6, float32: 4 } as const;
const NR = { float64: 4, float32: 8 } as const;
const ALIGN = 64;

/**
 * Where A, B, C and the packing scratch sit in the kernels' memory (byte offsets) for one
 * product, and where that region ends. The two-thread backend computes it on the main thread
 * and hands the offsets to its worker, so both lay a product out the same way.
 */
export function wasmLayout(
  M: number,
  N: number,
  K: number,
  dtype: 'float64' | 'float32',
): {
  aOff: number;
  bOff: number;
  cOff: number;
  packA: number;
  packB: number;
  edge: number;
  end: number;
} {
  const bytes = dtype === 'float64' ? 8 : 4;
  const mr = MR[dtype];
  const nr = NR[dtype];
  const kc = Math.min(KC, K);
  const aOff = ALIGN;
  const bOff = aOff + roundUp(M * K * bytes);
  const cOff = bOff + roundUp(K * N * bytes);
  const packA = cOff + roundUp(M * N * bytes);
  const packB = packA + roundUp(Math.ceil(Math.min(MC, M) / mr) * mr * kc * bytes);
  const edge = packB + roundUp(Math.ceil(N / nr) * nr * kc * bytes);
  const end = edge + roundUp(mr * nr * bytes);
  return { aOff, bOff, cOff, packA, packB, edge, end };
}

function roundUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/**
 * The gemm of the WebAssembly SIMD kernels, for one dtype: A and B (and C when beta ≠ 0) are
 * copied into the module's memory, the kernel runs there, and C is copied back. The memory
 * grows to the largest product seen and is reused, so steady-state training allocates nothing
 * on the JS heap.
 */
export function makeWasmGemm(kernels: WasmKernels, dtype: 'float64' | 'float32'): Gemm {
  const bytes = dtype === 'float64' ? 8 : 4;
  const run = dtype === 'float64' ? kernels.gemm64 : kernels.gemm32;
  const { memory } = kernels;
  let buffer: ArrayBuffer | undefined;
  let view: HostArray = new Float64Array(0);

  /** A view of the whole memory, made again after a growth replaced the buffer. */
  const heap = (): HostArray => {
    const current = memory.buffer;
    if (current !== buffer) {
      buffer = current;
      view = dtype === 'float64' ? new Float64Array(current) : new Float32Array(current);
    }
    return view;
  };

  return function wasmGemm(transA, transB, M, N, K, alpha, a, b, beta, c) {
    const { aOff, bOff, cOff, packA, packB, edge, end } = wasmLayout(M, N, K, dtype);
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / 65536));
    const h = heap();
    h.set(a.length === M * K ? a : a.subarray(0, M * K), aOff / bytes);
    h.set(b.length === K * N ? b : b.subarray(0, K * N), bOff / bytes);
    if (beta !== 0) h.set(c.subarray(0, M * N), cOff / bytes);
    run(transA ? 1 : 0, transB ? 1 : 0, M, N, K, alpha, aOff, bOff, beta, cOff, packA, packB, edge);
    c.set(h.subarray(cOff / bytes, cOff / bytes + M * N));
  };
}

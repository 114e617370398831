import type { WasmMemory } from '../wasm/wasm-api.js';

/**
 * How the main thread hands one gemm to the worker: a control block in a SharedArrayBuffer of
 * CONTROL_BYTES, read as Int32 slots (SLOT), two Float64 (alpha, beta) at NUMBERS_OFFSET and the
 * UTF-8 text of a failure at ERROR_OFFSET. The operands are not in it: both threads run the same
 * kernels on one shared WebAssembly memory, and the slots carry byte offsets into it.
 */
export const SLOT = {
  /** IDLE → WORK (main posted a job) → DONE or FAILED (worker finished) → IDLE (main took it). */
  state: 0,
  /** 0: float64, 1: float32. */
  dtype: 1,
  transA: 2,
  transB: 3,
  M: 4,
  N: 5,
  K: 6,
  /** Byte offsets in the shared memory: the operands, then the worker's packing scratch. */
  a: 7,
  b: 8,
  c: 9,
  packA: 10,
  packB: 11,
  edge: 12,
  /** The worker computes C's rows [rowStart, rowEnd). */
  rowStart: 13,
  rowEnd: 14,
  /** Bytes of the failure text (FAILED). */
  errorLength: 15,
} as const;

export const STATE = { IDLE: 0, WORK: 1, DONE: 2, FAILED: 3, QUIT: 4 } as const;

export const NUMBERS_OFFSET = 128;
export const ERROR_OFFSET = 256;
export const CONTROL_BYTES = 2048;

/** The one message the worker receives: its kernels, the shared memory, the control block. */
export interface GemmWorkerStart {
  /** The shared-memory build of the kernels (a compiled WebAssembly.Module). */
  module: object;
  /** The shared WebAssembly.Memory both threads' kernels import. */
  memory: WasmMemory;
  /** The control block (a SharedArrayBuffer of CONTROL_BYTES). */
  control: SharedArrayBuffer;
}

/** What the worker posts once its kernels are instantiated and it waits for work. */
export const READY_MESSAGE = 'mfnet-gemm-worker-ready';

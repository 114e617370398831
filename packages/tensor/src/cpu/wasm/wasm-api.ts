// The part of the WebAssembly API that the CPU kernels' callers use, and the kernels' exports:
// declared here because the package builds without DOM types. Imports nothing (the gemm worker's
// program is bundled with it and must not pull in the kernels' bytes).

/** The part of a WebAssembly.Memory the kernels' caller uses. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the WebAssembly API mfnet uses (declared locally: the core builds without DOM types). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** The engine's WebAssembly, or an error that says it has none. */
export function webAssembly(): WasmApi {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) throw new Error('this engine has no WebAssembly');
  return wasm;
}

/** The imports the kernels need besides a shared memory: `abort`, which --noAssert never calls. */
export function kernelImports(memory?: WasmMemory): object {
  const env: Record<string, unknown> = {
    abort() {
      throw new Error('mfnet wasm kernels: abort');
    },
  };
  if (memory !== undefined) env.memory = memory;
  return { env };
}

/** An exported immutable global of the module (a block size). */
interface WasmGlobal {
  readonly value: number;
}

/** One gemm export: C = alpha·op(A)·op(B) + beta·C on byte offsets, with its packing scratch. */
export type WasmGemm = (
  transA: number,
  transB: number,
  M: number,
  N: number,
  K: number,
  alpha: number,
  a: number,
  b: number,
  beta: number,
  c: number,
  packA: number,
  packB: number,
  edge: number,
  rowStart: number,
  rowEnd: number,
) => void;

/**
 * The exports of assembly/kernels.ts. Pointers are byte offsets into `memory`; the block sizes
 * are the kernels' own (the one place they are defined), read by the memory layout.
 */
export interface WasmKernels {
  readonly memory: WasmMemory;
  gemm64: WasmGemm;
  gemm32: WasmGemm;
  readonly KC: WasmGlobal;
  readonly MC: WasmGlobal;
  readonly MR64: WasmGlobal;
  readonly NR64: WasmGlobal;
  readonly MR32: WasmGlobal;
  readonly NR32: WasmGlobal;
}

import { BackendError, ValueError } from '../errors.js';
import { type Gemm, makeGemm } from './gemm.js';
import {
  loadWasmKernels,
  type WasmVariant,
  wasmKernelsUnavailableReason,
} from './wasm/load-kernels.js';
import { makeWasmGemm } from './wasm/wasm-gemm.js';

/** The matmul kernels a CPU backend runs on. */
export type CpuKernels = WasmVariant | 'js';

/**
 * What `kernels` may ask for: a variant, `auto` (the fastest the engine has: wasm-relaxed, then
 * wasm-simd, then js), or `wasm` (the older name of wasm-simd).
 */
export type CpuKernelsOption = 'auto' | CpuKernels | 'wasm';

const OPTIONS: readonly CpuKernelsOption[] = ['auto', 'wasm-relaxed', 'wasm-simd', 'js', 'wasm'];

/**
 * The kernels chosen for `wanted`, why (`reason`), and a gemm per dtype; an error names what is
 * missing when a variant was asked for by name.
 */
export function selectKernels(wanted: CpuKernelsOption = 'auto'): {
  kernels: CpuKernels;
  reason: string;
  gemm64: Gemm;
  gemm32: Gemm;
} {
  if (!OPTIONS.includes(wanted)) {
    throw new ValueError(
      `cpu backend: kernels must be ${OPTIONS.map((o) => `'${o}'`).join(', ')}; got ${JSON.stringify(wanted)}`,
    );
  }
  const order: readonly WasmVariant[] =
    wanted === 'auto'
      ? ['wasm-relaxed', 'wasm-simd']
      : wanted === 'js'
        ? []
        : [wanted === 'wasm' ? 'wasm-simd' : wanted];
  for (const variant of order) {
    const wasm = loadWasmKernels(variant);
    if (wasm !== undefined) {
      return {
        kernels: variant,
        reason: reasonFor(wanted, variant),
        gemm64: makeWasmGemm(wasm, 'float64'),
        gemm32: makeWasmGemm(wasm, 'float32'),
      };
    }
  }
  if (wanted !== 'auto' && wanted !== 'js') {
    const missing =
      wanted === 'wasm-relaxed'
        ? 'WebAssembly relaxed SIMD is not available in this engine (Node 20 needs --experimental-wasm-relaxed-simd); use kernels: "wasm-simd"'
        : 'WebAssembly SIMD is not available in this engine; use kernels: "js"';
    throw new BackendError(`cpu backend: ${missing}`);
  }
  return { kernels: 'js', reason: reasonFor(wanted, 'js'), gemm64: makeGemm(), gemm32: makeGemm() };
}

/** Why `chosen` runs: asked for by name, or, under `auto`, why the faster variants did not load. */
function reasonFor(wanted: CpuKernelsOption, chosen: CpuKernels): string {
  if (wanted !== 'auto') return `kernels: '${wanted}' was asked for`;
  if (chosen === 'wasm-relaxed') return 'WebAssembly relaxed SIMD is available (kernels: auto)';
  const relaxed = `relaxed SIMD unavailable: ${wasmKernelsUnavailableReason('wasm-relaxed')}`;
  if (chosen === 'wasm-simd') return `WebAssembly SIMD is available (kernels: auto); ${relaxed}`;
  return `WebAssembly SIMD kernels unavailable: ${wasmKernelsUnavailableReason('wasm-simd')}`;
}

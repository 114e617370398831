import {
  KERNELS_RELAXED_SHARED_WASM_BASE64,
  KERNELS_RELAXED_WASM_BASE64,
  KERNELS_SHARED_WASM_BASE64,
  KERNELS_WASM_BASE64,
} from './kernels.generated.js';
import { kernelImports, type WasmKernels, webAssembly } from './wasm-api.js';

export type { WasmGemm, WasmKernels, WasmMemory } from './wasm-api.js';

/**
 * The two builds of assembly/kernels.ts: `wasm-simd` (a multiply then an add: float64 products
 * bit-identical to the textbook loop) and `wasm-relaxed` (relaxed SIMD's fused multiply-add;
 * Chromium ≥ 114, Node 20 with --experimental-wasm-relaxed-simd).
 */
export type WasmVariant = 'wasm-relaxed' | 'wasm-simd';

/** Each variant's module bytes, base64-encoded. */
export const WASM_BASE64: Readonly<Record<WasmVariant, string>> = {
  'wasm-relaxed': KERNELS_RELAXED_WASM_BASE64,
  'wasm-simd': KERNELS_WASM_BASE64,
};

/**
 * Each variant built to import one shared memory (`env.memory`, at most 65536 pages): the
 * two-thread backend's main thread and worker each instantiate it on the same memory.
 */
export const SHARED_WASM_BASE64: Readonly<Record<WasmVariant, string>> = {
  'wasm-relaxed': KERNELS_RELAXED_SHARED_WASM_BASE64,
  'wasm-simd': KERNELS_SHARED_WASM_BASE64,
};

const cached = new Map<WasmVariant, WasmKernels | null>();
/** Why `loadWasmKernels(variant)` returned `undefined`, once it has. */
const unavailable = new Map<WasmVariant, string>();

/**
 * The kernels of `variant`, instantiated once and shared (every call is synchronous), or
 * `undefined` where WebAssembly or the variant's features are missing (feature detection by
 * `WebAssembly.validate` of the module itself), or where the engine refuses a synchronous
 * compile; the CPU backend then takes another variant.
 */
export function loadWasmKernels(variant: WasmVariant = 'wasm-simd'): WasmKernels | undefined {
  const known = cached.get(variant);
  if (known !== undefined) return known ?? undefined;
  try {
    const wasm = webAssembly();
    const bytes = decodeBase64(WASM_BASE64[variant]);
    if (!wasm.validate(bytes)) {
      throw new Error(
        variant === 'wasm-relaxed'
          ? "this engine's WebAssembly has no relaxed SIMD (Node 20: --experimental-wasm-relaxed-simd)"
          : "this engine's WebAssembly has no SIMD",
      );
    }
    const module = new wasm.Module(bytes);
    const instance = new wasm.Instance(module, kernelImports());
    const kernels = instance.exports as unknown as WasmKernels;
    cached.set(variant, kernels);
    return kernels;
  } catch (error) {
    cached.set(variant, null);
    unavailable.set(variant, whyNot(error));
    return undefined;
  }
}

/** Why `variant` is not available ('' where it is, or was never loaded). */
export function wasmKernelsUnavailableReason(variant: WasmVariant = 'wasm-simd'): string {
  return unavailable.get(variant) ?? '';
}

/** A sentence for the error the load threw; a Content Security Policy block says what to add. */
function whyNot(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Chromium 153: "WebAssembly.Module(): Compiling or instantiating WebAssembly module violates
  // the following Content Security policy directive …" (older: "Wasm code generation disallowed
  // by embedder"); Firefox: "… blocked by CSP"; Safari names 'wasm-unsafe-eval'.
  if (/disallowed by embedder|CSP|Content Security Policy|wasm-unsafe-eval/i.test(message)) {
    return (
      "the page's Content Security Policy blocks WebAssembly: add 'wasm-unsafe-eval' to its " +
      `script-src (${message})`
    );
  }
  return message;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes, without `atob` or `Buffer` (neither is everywhere). */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array((clean.length * 3) >> 2);
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | lookup[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import * as generated from '../src/cpu/wasm/kernels.generated.js';
import { CpuBackend } from '../src/index.js';

/** The engine's WebAssembly API (declared here: the package builds without DOM types). */
const REAL_WASM = (
  globalThis as unknown as {
    WebAssembly: { validate(bytes: Uint8Array): boolean; CompileError: new (m: string) => Error };
  }
).WebAssembly;

/** A CpuBackend class from a fresh copy of the kernel loader, under `wasm` as WebAssembly. */
async function freshCpuBackend(wasm: unknown): Promise<typeof CpuBackend> {
  vi.resetModules();
  vi.stubGlobal('WebAssembly', wasm);
  return (await import('../src/cpu/cpu-backend.js')).CpuBackend;
}

/** A WebAssembly API whose SIMD check passes and whose compile throws `error`. */
function wasmThrowing(error: Error): unknown {
  const Module = class {
    constructor() {
      throw error;
    }
  };
  return { validate: REAL_WASM.validate, Module };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('CPU backend: why these kernels (kernelsReason)', () => {
  it('says relaxed SIMD is available in Node under auto (vitest gives the flag)', () => {
    const backend = new CpuBackend();
    expect(backend.kernels).toBe('wasm-relaxed');
    expect(backend.kernelsReason).toMatch(/relaxed SIMD is available/);
  });

  it('says why relaxed SIMD was passed over when only plain SIMD validates', async () => {
    const REAL = REAL_WASM as unknown as { Module: unknown; Instance: unknown };
    const relaxedOnly = (bytes: Uint8Array) => {
      // The relaxed module is the one plain SIMD engines refuse: pretend to be such an engine.
      const { KERNELS_RELAXED_WASM_BASE64 } = generated;
      return !Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64').equals(Buffer.from(bytes));
    };
    const noRelaxed = {
      Module: REAL.Module,
      Instance: REAL.Instance,
      validate: (bytes: Uint8Array) => relaxedOnly(bytes) && REAL_WASM.validate(bytes),
    };
    const backend = new (await freshCpuBackend(noRelaxed))();
    expect(backend.kernels).toBe('wasm-simd');
    expect(backend.kernelsReason).toMatch(
      /SIMD is available .*relaxed SIMD unavailable: .*--experimental-wasm-relaxed-simd/,
    );
  });

  it('says the option chose them', () => {
    expect(new CpuBackend({ kernels: 'js' }).kernelsReason).toBe("kernels: 'js' was asked for");
    expect(new CpuBackend({ kernels: 'wasm-simd' }).kernelsReason).toBe(
      "kernels: 'wasm-simd' was asked for",
    );
  });

  it('says when the engine has no WebAssembly', async () => {
    const backend = new (await freshCpuBackend(undefined))();
    expect(backend.kernels).toBe('js');
    expect(backend.kernelsReason).toMatch(/unavailable: this engine has no WebAssembly$/);
  });

  it("says when the engine's WebAssembly has no SIMD", async () => {
    const noSimd = { validate: () => false };
    const backend = new (await freshCpuBackend(noSimd))();
    expect(backend.kernels).toBe('js');
    expect(backend.kernelsReason).toMatch(/has no SIMD$/);
  });

  it("names 'wasm-unsafe-eval' when a Content Security Policy blocks the compile", async () => {
    // Chromium 153's message (seen on a page served with `script-src 'self'`).
    const csp = new REAL_WASM.CompileError(
      'WebAssembly.Module(): Compiling or instantiating WebAssembly module violates the ' +
        "following Content Security policy directive because 'unsafe-eval' is not an allowed " +
        'source of script in the following Content Security Policy directive: "script-src \'self\'".',
    );
    const backend = new (await freshCpuBackend(wasmThrowing(csp)))();
    expect(backend.kernels).toBe('js');
    expect(backend.kernelsReason).toMatch(/Content Security Policy.*'wasm-unsafe-eval'/);
    expect(backend.kernelsReason).toMatch(/"script-src 'self'"/);
  });

  it('passes any other compile failure on in its own words', async () => {
    const other = new REAL_WASM.CompileError('out of memory compiling');
    const backend = new (await freshCpuBackend(wasmThrowing(other)))();
    expect(backend.kernelsReason).toMatch(/unavailable: out of memory compiling$/);
    expect(backend.kernelsReason).not.toMatch(/Content Security Policy/);
  });
});

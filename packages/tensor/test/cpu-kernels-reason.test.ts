import { afterEach, describe, expect, it, vi } from 'vitest';
import { CpuBackend } from '../src/index.js';

/** A CpuBackend class from a fresh copy of the kernel loader, under `wasm` as WebAssembly. */
async function freshCpuBackend(wasm: unknown): Promise<typeof CpuBackend> {
  vi.resetModules();
  vi.stubGlobal('WebAssembly', wasm);
  return (await import('../src/cpu/cpu-backend.js')).CpuBackend;
}

/** The real WebAssembly API with `Module` replaced by one that throws `error`. */
function wasmThrowing(error: Error): unknown {
  const Module = class {
    constructor() {
      throw error;
    }
  };
  return { ...WebAssembly, validate: WebAssembly.validate, Module };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('CPU backend: why these kernels (kernelsReason)', () => {
  it('says WebAssembly SIMD is available in Node under auto', () => {
    const backend = new CpuBackend();
    expect(backend.kernels).toBe('wasm');
    expect(backend.kernelsReason).toMatch(/SIMD is available/);
  });

  it('says the option chose them', () => {
    expect(new CpuBackend({ kernels: 'js' }).kernelsReason).toBe("kernels: 'js' was asked for");
    expect(new CpuBackend({ kernels: 'wasm' }).kernelsReason).toBe("kernels: 'wasm' was asked for");
  });

  it('says when the engine has no WebAssembly', async () => {
    const backend = new (await freshCpuBackend(undefined))();
    expect(backend.kernels).toBe('js');
    expect(backend.kernelsReason).toMatch(/unavailable: this engine has no WebAssembly$/);
  });

  it("says when the engine's WebAssembly has no SIMD", async () => {
    const noSimd = { ...WebAssembly, validate: () => false };
    const backend = new (await freshCpuBackend(noSimd))();
    expect(backend.kernels).toBe('js');
    expect(backend.kernelsReason).toMatch(/has no SIMD$/);
  });

  it("names 'wasm-unsafe-eval' when a Content Security Policy blocks the compile", async () => {
    // Chromium's message for a page whose CSP script-src lacks 'wasm-unsafe-eval'.
    const csp = new WebAssembly.CompileError(
      'WebAssembly.Module(): Wasm code generation disallowed by embedder',
    );
    const backend = new (await freshCpuBackend(wasmThrowing(csp)))();
    expect(backend.kernels).toBe('js');
    expect(backend.kernelsReason).toMatch(/Content Security Policy.*'wasm-unsafe-eval'/);
    expect(backend.kernelsReason).toMatch(/disallowed by embedder/);
  });

  it('passes any other compile failure on in its own words', async () => {
    const other = new WebAssembly.CompileError('out of memory compiling');
    const backend = new (await freshCpuBackend(wasmThrowing(other)))();
    expect(backend.kernelsReason).toMatch(/unavailable: out of memory compiling$/);
    expect(backend.kernelsReason).not.toMatch(/Content Security Policy/);
  });
});

import { describe, expect, it } from 'vitest';
import { KERNELS_RELAXED_WASM_BASE64 } from '../src/cpu/wasm/kernels.generated.js';
import {
  BackendError,
  CpuBackend,
  createBackend,
  createCpuBackend,
  randn,
  ValueError,
} from '../src/index.js';

describe('CPU backend kernels', () => {
  it('uses the relaxed-SIMD kernels by default where the engine has them (vitest gives the flag)', () => {
    expect(new CpuBackend().kernels).toBe('wasm-relaxed');
    expect((createBackend('cpu').raw as CpuBackend).kernels).toBe('wasm-relaxed');
  });

  it('keeps the plain SIMD kernels on request (also under their older name, wasm)', () => {
    expect(new CpuBackend({ kernels: 'wasm-simd' }).kernels).toBe('wasm-simd');
    expect(new CpuBackend({ kernels: 'wasm' }).kernels).toBe('wasm-simd');
    expect((createBackend('cpu', { kernels: 'wasm-relaxed' }).raw as CpuBackend).kernels).toBe(
      'wasm-relaxed',
    );
  });

  it('falls back to plain SIMD where relaxed SIMD does not validate, and says so when it is demanded', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    // The package builds without DOM types: the part of the WebAssembly API the loader uses.
    type Wasm = { validate(bytes: Uint8Array): boolean; Module: unknown; Instance: unknown };
    const global = globalThis as unknown as { WebAssembly: Wasm };
    const saved = global.WebAssembly;
    const relaxed = Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64');
    // An engine like Node 20 without the flag: the relaxed module does not validate.
    global.WebAssembly = {
      Module: saved.Module,
      Instance: saved.Instance,
      validate: (bytes: Uint8Array) => !relaxed.equals(Buffer.from(bytes)) && saved.validate(bytes),
    };
    try {
      const fresh = await import('../src/cpu/cpu-backend.js');
      expect(new fresh.CpuBackend().kernels).toBe('wasm-simd');
      expect(() => new fresh.CpuBackend({ kernels: 'wasm-relaxed' })).toThrow(
        expect.objectContaining({ name: new BackendError('').name }),
      );
      expect(() => new fresh.CpuBackend({ kernels: 'wasm-relaxed' })).toThrow(
        /relaxed SIMD is not available.*--experimental-wasm-relaxed-simd/,
      );
    } finally {
      global.WebAssembly = saved;
      vi.resetModules();
    }
  });

  it('keeps the TypeScript kernels on request', () => {
    expect(new CpuBackend({ kernels: 'js' }).kernels).toBe('js');
    expect((createBackend('cpu', { kernels: 'js' }).raw as CpuBackend).kernels).toBe('js');
  });

  it('refuses an unknown kernels option by name', () => {
    expect(() => new CpuBackend({ kernels: 'gpu' as never })).toThrow(ValueError);
    expect(() => new CpuBackend({ kernels: 'gpu' as never })).toThrow(/kernels must be/);
  });

  it('says so when WebAssembly is missing and wasm kernels are demanded', async () => {
    // A fresh copy of the loader, with WebAssembly hidden from it.
    const { vi } = await import('vitest');
    vi.resetModules();
    const global = globalThis as { WebAssembly?: unknown };
    const saved = global.WebAssembly;
    global.WebAssembly = undefined;
    try {
      const fresh = await import('../src/cpu/cpu-backend.js');
      expect(new fresh.CpuBackend().kernels).toBe('js');
      // (The fresh module graph has its own BackendError class; check it by name.)
      expect(() => new fresh.CpuBackend({ kernels: 'wasm' })).toThrow(
        expect.objectContaining({ name: new BackendError('').name }),
      );
      expect(() => new fresh.CpuBackend({ kernels: 'wasm' })).toThrow(/WebAssembly SIMD/);
      expect(() => new fresh.CpuBackend({ kernels: 'wasm-relaxed' })).toThrow(/relaxed SIMD/);
    } finally {
      global.WebAssembly = saved;
      vi.resetModules();
    }
  });

  it.each(['wasm-relaxed', 'wasm-simd'] as const)(
    'gives the same float32 products from %s and js kernels, within float32 rounding',
    (kernels) => {
      const wasm = createCpuBackend({ kernels });
      const js = createCpuBackend({ kernels: 'js' });
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const a = randn(transA ? 300 : 70, transA ? 70 : 300, {
          backend: wasm,
          dtype: 'float32',
          seed: 3,
        });
        const b = randn(transB ? 45 : 300, transB ? 300 : 45, {
          backend: wasm,
          dtype: 'float32',
          seed: 4,
        });
        const ja = js.fromHost(a.toTypedArray(), a.rows, a.cols, 'float32');
        const jb = js.fromHost(b.toTypedArray(), b.rows, b.cols, 'float32');
        const options = { transA, transB, alpha: 0.5 };
        const got = wasm.matmul(a, b, options).toTypedArray();
        const want = js.matmul(ja, jb, options).toTypedArray();
        expect(got.length).toBe(70 * 45);
        let worst = 0;
        for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        // Σ over 300 products of N(0,1)·N(0,1) terms: |sum of magnitudes| ≲ 300, float32 ε ≈ 6e-8.
        expect(worst).toBeLessThan(300 * 300 * 6e-8);
        expect(worst).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it.each(['wasm-relaxed', 'wasm-simd'] as const)(
    'keeps beta·C when accumulating, across a memory growth (%s)',
    (kernels) => {
      const backend = createCpuBackend({ kernels });
      const a = backend.fromHost([1, 2, 3, 4], 2, 2);
      const b = backend.fromHost([1, 0, 0, 1], 2, 2);
      const c = backend.fromHost([10, 20, 30, 40], 2, 2);
      // A big product in between grows the module's memory (its old views go stale).
      const big = randn(700, 700, { backend, seed: 1 });
      backend.matmul(big, big);
      backend.matmul(a, b, { beta: 2 }, c);
      expect(Array.from(c.toTypedArray())).toEqual([21, 42, 63, 84]);
    },
  );
});

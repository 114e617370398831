import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../src/conformance/index.js';
import { loadWasmKernels } from '../src/cpu/wasm/load-kernels.js';
import { CpuBackend } from '../src/index.js';

// The CPU backend against the float64 reference: tight in float64, looser in float32; with the
// default kernels, and with each variant by name: WebAssembly relaxed SIMD (FMA), plain
// WebAssembly SIMD and the TypeScript fallback.
runConformanceSuite({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype: 'float64' });
runConformanceSuite({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype: 'float32' });
for (const kernels of ['wasm-relaxed', 'wasm-simd', 'js'] as const) {
  if (kernels === 'wasm-relaxed' && loadWasmKernels('wasm-relaxed') === undefined) {
    // Only where the engine lacks relaxed SIMD (vitest.config.ts gives Node 20 the flag, and
    // the test below fails if that stops working).
    describe('cpu (wasm-relaxed kernels)', () => {
      it.skip('conformance: this engine has no WebAssembly relaxed SIMD');
    });
    continue;
  }
  for (const dtype of ['float64', 'float32'] as const) {
    runConformanceSuite({
      name: `cpu (${kernels} kernels)`,
      makeBackend: () => new CpuBackend({ kernels }),
      dtype,
    });
  }
}

describe('cpu kernel variants under test', () => {
  it('include relaxed SIMD: the test runner starts Node with --experimental-wasm-relaxed-simd', () => {
    expect(loadWasmKernels('wasm-relaxed')).toBeDefined();
    expect(new CpuBackend().kernels).toBe('wasm-relaxed');
  });
});

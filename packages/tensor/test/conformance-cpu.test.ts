import { runConformanceSuite } from '../src/conformance/index.js';
import { CpuBackend } from '../src/index.js';

// The CPU backend against the float64 reference: tight in float64, looser in float32; with the
// default kernels (WebAssembly SIMD in Node) and with the TypeScript fallback.
runConformanceSuite({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype: 'float64' });
runConformanceSuite({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype: 'float32' });
for (const dtype of ['float64', 'float32'] as const) {
  runConformanceSuite({
    name: 'cpu (js kernels)',
    makeBackend: () => new CpuBackend({ kernels: 'js' }),
    dtype,
  });
}

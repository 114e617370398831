import { runConformanceSuite } from '../src/conformance/index.js';
import { CpuBackend } from '../src/index.js';

// The CPU backend against the float64 reference: tight in float64, looser in float32.
runConformanceSuite({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype: 'float64' });
runConformanceSuite({ name: 'cpu', makeBackend: () => new CpuBackend(), dtype: 'float32' });

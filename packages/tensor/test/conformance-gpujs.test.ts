import { runConformanceSuite } from '../src/conformance/index.js';
import { GpujsBackend } from '../src/gpujs/index.js';

// The gpu.js backend against the float64 reference, float32 tolerance, on the engines that need
// no native build. (headlessgl needs the `gl` package built; the browser check covers WebGL.)
runConformanceSuite({
  name: 'gpujs cpu',
  makeBackend: () => new GpujsBackend({ engine: 'cpu' }),
  dtype: 'float32',
});
runConformanceSuite({
  name: 'gpujs webasm',
  makeBackend: () => new GpujsBackend({ engine: 'webasm' }),
  dtype: 'float32',
});
// The packed products that the GL engines use, checked here on the cpu engine (which runs the
// same kernel sources): operands packed four along K into vector values.
runConformanceSuite({
  name: 'gpujs cpu, packed products',
  makeBackend: () => new GpujsBackend({ engine: 'cpu', packedProducts: true }),
  dtype: 'float32',
});

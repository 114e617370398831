import { runConformanceSuite } from '@mfnet/tensor/conformance';
import { PlainBackend } from '../src/plain-backend.js';

// Every operation against the float64 reference, the `out` and error contracts (through the
// door in front of these kernels) and seeded random tensors.
runConformanceSuite({ name: 'plain', makeBackend: () => new PlainBackend(), dtype: 'float64' });

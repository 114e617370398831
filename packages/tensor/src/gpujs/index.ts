/**
 * `@mfnet/tensor/gpujs`: the gpu.js backend. Importing this entry point registers it, so that
 *
 *   import '@mfnet/tensor/gpujs';
 *   setBackend('gpujs', { engine: 'auto' });
 *
 * switches every layer, loss and optimizer to it. gpu.js is an optional peer dependency: only
 * this entry point loads it, never `@mfnet/tensor` itself.
 */
import { registerBackend } from '../registry.js';
import { createGpujsBackend } from './gpujs-backend.js';

registerBackend('gpujs', createGpujsBackend);

export {
  chooseEngine,
  GPUJS_ENGINES,
  type GpujsEngine,
  type GpujsEngineRequest,
} from './engine.js';
export {
  createGpujsBackend,
  GpujsBackend,
  type GpujsBackendOptions,
  type GpujsStats,
} from './gpujs-backend.js';
export { MAX_ELEMENTS } from './kernel-sources.js';

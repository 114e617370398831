import { type Backend, type DType, setBackend } from '@mfnet/tensor';
import type { BackendName, DTypeName } from './protocol.js';

export interface ChosenBackend {
  backend: Backend;
  /** What actually runs the kernels: the CPU backend's WebAssembly variant, gpu.js's engine. */
  engine: string;
  dtype: DType;
  /** Why this engine (e.g. the faster ones passed over), for the page to show. */
  note: string;
}

/**
 * Makes `name` the worker's current backend. The gpu.js backend (and gpu.js itself, ~500 kB) is
 * imported only here, when chosen; it stores float32 only, so its dtype is always float32.
 * In a worker gpu.js draws on an OffscreenCanvas (WebGL2 where the browser has it).
 */
export async function chooseBackend(name: BackendName, dtype: DTypeName): Promise<ChosenBackend> {
  if (name === 'gpujs') {
    await import('@mfnet/tensor/gpujs');
    const backend = setBackend('gpujs');
    const raw = backend.raw as { engine: string; skippedEngines: string[] };
    return {
      backend,
      engine: raw.engine,
      dtype: 'float32',
      note: raw.skippedEngines.length === 0 ? '' : `passed over: ${raw.skippedEngines.join('; ')}`,
    };
  }
  const backend = setBackend('cpu');
  const raw = backend.raw as { kernels: string; kernelsReason: string };
  return { backend, engine: raw.kernels, dtype, note: raw.kernelsReason };
}

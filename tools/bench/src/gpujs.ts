import type { Backend } from '@mfnet/tensor';
import { MfnetRunner } from './runners/mfnet.js';
import type { Runner } from './runners/runner.js';

/**
 * The gpu.js backend's rows of the benchmark table (`--gpujs auto,webasm,cpu`): mfnet's runner on
 * the gpujs backend in float32, one row per engine, labelled with the engine that actually runs
 * (gpu.js may give another than the one asked for). gpu.js is an optional peer dependency of
 * @mfnet/tensor: where it does not load, or an engine does not work here, a note says why.
 */
interface GpujsModule {
  createGpujsBackend(options?: Record<string, unknown>): Backend & { engine: string };
}

const GL_ENGINES = new Set(['headlessgl', 'webgl2', 'webgl']);

/**
 * A GL engine queues a kernel and returns at once; reading back the minimum of row 0 of the
 * product waits for it, so that matmul's timing covers the computation (cpu and webasm run
 * synchronously and need nothing).
 */
function synchronous(backend: Backend, engine: string): Backend {
  if (!GL_ENGINES.has(engine)) return backend;
  return new Proxy(backend, {
    get(target, prop, receiver) {
      if (prop !== 'matmul') return Reflect.get(target, prop, receiver);
      return (...args: Parameters<Backend['matmul']>) => {
        const out = target.matmul(...args);
        target.min(target.sliceRows(out, 0, 1));
        return out;
      };
    },
  });
}

export async function gpujsRunners(engines: readonly string[], notes: string[]): Promise<Runner[]> {
  let gpujs: GpujsModule;
  try {
    gpujs = (await import('@mfnet/tensor/gpujs')) as unknown as GpujsModule;
  } catch (error) {
    notes.push(`gpujs skipped: ${(error as Error).message}`);
    return [];
  }
  const runners: Runner[] = [];
  for (const asked of engines) {
    try {
      const door = gpujs.createGpujsBackend({ engine: asked });
      const { engine } = door.raw as { engine: string };
      const label = engine === asked ? `gpujs ${asked}` : `gpujs ${engine} (${asked})`;
      const backend = synchronous(door, engine);
      runners.push(new MfnetRunner(backend, 'float32', label));
    } catch (error) {
      notes.push(`gpujs ${asked} skipped: ${(error as Error).message}`);
    }
  }
  return runners;
}

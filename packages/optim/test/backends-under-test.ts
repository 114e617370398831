import { type Backend, type DType, getBackend, setBackend } from '@mfnet/tensor';
import { afterAll, beforeAll, describe } from 'vitest';

/**
 * The backends these tests run on: the CPU backend in every dtype (the current backend, exactly
 * as before), then the gpu.js backend in float32 when `@mfnet/tensor/gpujs` loads (gpu.js is
 * an optional peer dependency of @mfnet/tensor, and a devDependency, so it normally does).
 * MFNET_GPUJS_ENGINE picks its engine (default `cpu`, the quickest to compile; `webasm`, or
 * `headlessgl` where the native gl package is built).
 */
const engine = process.env.MFNET_GPUJS_ENGINE ?? 'cpu';

async function loadGpujs(): Promise<Backend | undefined> {
  try {
    const { createGpujsBackend } = await import('@mfnet/tensor/gpujs');
    return createGpujsBackend({ engine });
  } catch (error) {
    console.warn(`gpujs backend not tested: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
}

export const gpujs: Backend | undefined = await loadGpujs();

/**
 * `describe.each(dtypes)(title, fn)` on the CPU backend, and again, float32 only, with the gpujs
 * backend made current for the duration of the block.
 */
export function describeOnBackends(
  dtypes: readonly DType[],
  title: string,
  fn: (dtype: DType) => void,
): void {
  describe.each(dtypes)(title, fn);
  const backend = gpujs;
  if (backend === undefined) return;
  describe(`on gpujs (${engine})`, () => {
    let previous: Backend;
    beforeAll(() => {
      previous = getBackend();
      setBackend(backend);
    });
    afterAll(() => {
      setBackend(previous);
    });
    describe.each(dtypes.filter((d) => backend.dtypes.includes(d)))(title, fn);
  });
}

import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Backend } from '../backend.js';
import { checkedBackend } from '../door.js';
import type { DType } from '../dtype.js';
import { getBackend, setBackend } from '../registry.js';

/**
 * The gpu.js engine the tests use: MFNET_GPUJS_ENGINE, default `cpu` (the quickest to compile;
 * `webasm`, or `headlessgl` where the native gl package is built).
 */
const engine =
  (typeof process === 'undefined' ? undefined : process.env.MFNET_GPUJS_ENGINE) ?? 'cpu';

let gpujs: Promise<Backend | undefined> | undefined;
/** Why the gpujs backend is not under test, once loading it failed. */
let gpujsError = '';

async function loadGpujs(): Promise<Backend | undefined> {
  try {
    // Only here, and only when asked: gpu.js is an optional peer dependency of @mfnet/tensor.
    const { createGpujsBackend } = await import('../gpujs/index.js');
    return checkedBackend(createGpujsBackend({ engine }));
  } catch (error) {
    gpujsError = error instanceof Error ? error.message : String(error);
    console.warn(`gpujs backend not tested: ${gpujsError}`);
    return undefined;
  }
}

/**
 * The gpu.js backend under test, made once: loading it registers 'gpujs' with the backend
 * registry. `undefined`, with a warning, where `@mfnet/tensor/gpujs` does not load (gpu.js not
 * installed).
 */
export function gpujsUnderTest(): Promise<Backend | undefined> {
  gpujs ??= loadGpujs();
  return gpujs;
}

/**
 * `describe.each(dtypes)(title, fn)` on the current backend (the CPU one), and again, in the
 * dtypes it stores (float32), inside `on gpujs (<engine>)` with the gpu.js backend made current
 * for the duration of the block, where it loads (where it does not, one skipped test says why).
 */
export function describeOnBackends(
  dtypes: readonly DType[],
  title: string,
  fn: (dtype: DType) => void,
): void {
  describe.each(dtypes)(title, fn);
  describe(`on gpujs (${engine})`, async () => {
    const backend = await gpujsUnderTest();
    if (backend === undefined) {
      // Said, not hidden (and vitest fails a suite without tests).
      it.skip(`${title.replace('%s', dtypes.join('/'))}: gpujs did not load (${gpujsError})`);
      return;
    }
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

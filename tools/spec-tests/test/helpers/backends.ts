import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Backend, createBackend, DTYPES, type DType, listBackends } from '@mfnet/tensor';

/** One backend × dtype the composed tests run on. */
export interface BackendCase {
  name: string;
  dtype: DType;
  backend: Backend;
}

/** Where the gpu.js backend's entry point may live once it is written. */
const GPUJS_SOURCES = ['src/gpujs/index.ts', 'src/gpujs.ts'].map((path) =>
  fileURLToPath(new URL(`../../../../packages/tensor/${path}`, import.meta.url)),
);

/** Whether the gpu.js backend's source exists in this checkout. */
export const gpujsSourceExists = GPUJS_SOURCES.some((path) => existsSync(path));

/**
 * Loads the optional gpu.js backend, which registers itself when its entry point is imported.
 * The import is always tried; its error is returned, and counts as a failure only where the
 * source exists. The specifier is held in a variable so that `tsc` does not require the entry
 * point to exist; vitest still resolves it through the alias in vitest.config.ts.
 */
export async function loadOptionalBackends(): Promise<{ gpujsError?: unknown }> {
  const specifier: string = '@mfnet/tensor/gpujs';
  try {
    await import(/* @vite-ignore */ specifier);
    return {};
  } catch (error) {
    return { gpujsError: error };
  }
}

/**
 * Every registered backend that can be made here, with the dtypes to test it in: both on the
 * CPU, float32 only elsewhere (gpu.js computes in float32). A backend that fails to construct
 * (e.g. no WebGL in this Node) is listed in `unavailable` with the reason.
 */
export function backendCases(): { cases: BackendCase[]; unavailable: Map<string, unknown> } {
  const cases: BackendCase[] = [];
  const unavailable = new Map<string, unknown>();
  for (const name of listBackends()) {
    let backend: Backend;
    try {
      backend = createBackend(name);
    } catch (error) {
      unavailable.set(name, error);
      continue;
    }
    const wanted: readonly DType[] = name === 'cpu' ? DTYPES : ['float32'];
    for (const dtype of wanted) {
      if (backend.dtypes.includes(dtype)) cases.push({ name, dtype, backend });
    }
  }
  return { cases, unavailable };
}

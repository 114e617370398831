// @ts-expect-error: a plain .mjs build script without type declarations
import { buildWasm } from '../../scripts/build-wasm.mjs';

/** Vitest global setup: the tests import the generated kernels module, so make sure it exists. */
export default async function setup(): Promise<void> {
  await buildWasm({ ifStale: true });
}

import type { Backend, BackendFactory } from './backend.js';
import { createCpuBackend } from './cpu/cpu-backend.js';
import { type BackendLike, checkedBackend } from './door.js';
import { BackendError } from './errors.js';

/**
 * The backend registry: one current backend, chosen by name or given as an instance. What it
 * hands out is always checked: a factory or instance that gives raw kernels is put behind the
 * door (`checkedBackend`).
 * `cpu` is always registered; other backends register themselves when their entry point is
 * imported (`import '@mfnet/tensor/gpujs'`), so nobody loads gpu.js without asking for it.
 */
interface Registry {
  factories: Map<string, BackendFactory>;
  current: Backend | undefined;
}

// Kept on globalThis so that the ESM and CJS builds of this package, if both are loaded in one
// process, still share one registry and one current backend.
const KEY = Symbol.for('@mfnet/tensor/registry');
const holder = globalThis as typeof globalThis & { [KEY]?: Registry };
holder[KEY] ??= {
  factories: new Map<string, BackendFactory>([['cpu', createCpuBackend]]),
  current: undefined,
};
const registry: Registry = holder[KEY];
const factories = registry.factories;

export function registerBackend(name: string, factory: BackendFactory): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new BackendError('registerBackend: the name must be a non-empty string');
  }
  if (typeof factory !== 'function') {
    throw new BackendError(`registerBackend('${name}'): the factory must be a function`);
  }
  factories.set(name, factory);
}

/** The names of every registered backend. */
export function listBackends(): string[] {
  return [...factories.keys()];
}

/** Makes a registered backend (behind the door) without making it current. */
export function createBackend(name: string, options?: Record<string, unknown>): Backend {
  const factory = factories.get(name);
  if (factory === undefined) {
    throw new BackendError(
      `unknown backend '${name}': registered backends are ${listBackends()
        .map((n) => `'${n}'`)
        .join(', ')}${name === 'gpujs' ? " (import '@mfnet/tensor/gpujs' to register it)" : ''}`,
    );
  }
  return checkedBackend(factory(options));
}

/**
 * Makes `backend` the current one: a registered name (with its options) or an instance (a
 * Backend, or raw kernels, which are put behind the door). Tensors, layers, losses and loaders
 * made after this, without a dtype, take its `defaultDType`.
 */
export function setBackend(
  backend: string | BackendLike,
  options?: Record<string, unknown>,
): Backend {
  registry.current =
    typeof backend === 'string' ? createBackend(backend, options) : checkedBackend(backend);
  return registry.current;
}

/** The current backend (the CPU backend until `setBackend` says otherwise). */
export function getBackend(): Backend {
  registry.current ??= createBackend('cpu');
  return registry.current;
}

import { type Backend, CpuBackend } from '@mfnet/tensor';

/**
 * Where each Backend op takes its optional `out` (an op called without one allocates its
 * result).
 */
const OUT_ARGUMENT: Record<string, number> = {
  matmul: 3,
  binary: 3,
  unary: 2,
  affine: 3,
  clip: 3,
  activation: 2,
  activationGrad: 3,
  sliceRows: 3,
  concatRows: 2,
  softmaxCols: 1,
  sumRows: 1,
  sumCols: 1,
};

export interface Counts {
  /** Tensors made: zeros/fromHost calls and ops called without `out`. */
  allocations: number;
  /** Host read-backs of whole tensors (`read`). */
  reads: number;
  /** Cross-check: calls of CpuBackend's private `make`, through which it creates every tensor. */
  made: number;
  /** Every op called, by name. */
  calls: Map<string, number>;
}

/**
 * A CpuBackend behind a Proxy that counts what it is asked to do. Tensors it creates belong to
 * the proxy (the backend passes `this` to the Tensor constructor and `this` is the proxy), so
 * every later op on them comes through here too.
 */
export function countingCpuBackend(): { backend: Backend; counts: Counts } {
  const counts: Counts = { allocations: 0, reads: 0, made: 0, calls: new Map() };
  const backend = new Proxy(new CpuBackend(), {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]) {
        counts.calls.set(prop, (counts.calls.get(prop) ?? 0) + 1);
        if (prop === 'zeros' || prop === 'fromHost') counts.allocations++;
        const outAt = OUT_ARGUMENT[prop];
        if (outAt !== undefined && args[outAt] === undefined) counts.allocations++;
        if (prop === 'read') counts.reads++;
        if (prop === 'make') counts.made++;
        return fn.apply(this, args);
      };
    },
  });
  return { backend, counts };
}

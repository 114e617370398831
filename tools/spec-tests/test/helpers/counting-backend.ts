import { type Backend, CpuBackend, Tensor } from '@mfnet/tensor';

/** What a counting backend saw, cumulative. Each map is keyed by the public op called. */
export interface AllocationCounts {
  /** Tensors returned by an op that were not among its arguments and not seen before. */
  created: Map<string, number>;
  /** Calls of CpuBackend's private `make`, through which it creates every tensor. */
  made: Map<string, number>;
  /** Host read-backs of whole tensors (`read`), by the op that asked. */
  reads: Map<string, number>;
  /** Every public op called. */
  calls: Map<string, number>;
}

export function total(counts: Map<string, number>): number {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
}

/** The difference `after − before` of two snapshots, keeping only non-zero entries. */
export function diff(
  after: Map<string, number>,
  before: Map<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of after) {
    const d = n - (before.get(op) ?? 0);
    if (d !== 0) out[op] = d;
  }
  return out;
}

export function snapshot(counts: AllocationCounts): AllocationCounts {
  return {
    created: new Map(counts.created),
    made: new Map(counts.made),
    reads: new Map(counts.reads),
    calls: new Map(counts.calls),
  };
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/**
 * A CpuBackend behind a Proxy that counts the tensors it creates and names the op that created
 * each: the outermost backend method on the stack (so a `make` inside `matmul` without `out`
 * is charged to `matmul`). The CPU backend passes `this` — the proxy — to every tensor it
 * makes and calls its own helpers through it, so every later op on those tensors, and every
 * internal `make`, comes through here. The same pattern as packages/optim/test/helpers.ts and
 * packages/layers/test/counting-backend.ts.
 */
export function countingCpuBackend(): { backend: Backend; counts: AllocationCounts } {
  const counts: AllocationCounts = {
    created: new Map(),
    made: new Map(),
    reads: new Map(),
    calls: new Map(),
  };
  const seen = new WeakSet<Tensor>();
  let outer: string | undefined;
  const backend: Backend = new Proxy(new CpuBackend(), {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]) {
        const isOuter = outer === undefined;
        if (isOuter) {
          outer = prop;
          bump(counts.calls, prop);
        }
        const op = outer!;
        try {
          if (prop === 'make') bump(counts.made, op);
          if (prop === 'read') bump(counts.reads, op);
          const result = fn.apply(this, args);
          const fresh = result instanceof Tensor && !args.includes(result) && !seen.has(result);
          if (isOuter && fresh) {
            seen.add(result);
            bump(counts.created, op);
          }
          return result;
        } finally {
          if (isOuter) outer = undefined;
        }
      };
    },
  });
  return { backend, counts };
}

import type { Backend } from '../backend.js';
import { Tensor } from '../tensor.js';

/** A backend behind a Proxy, and what it has seen since it was made or last reset. */
export interface CountingBackend {
  /** The proxy: give it as the `backend` of whatever is measured. */
  readonly backend: Backend;
  /** New tensors: returned by any method, not among its arguments and not seen before. */
  created(): number;
  /** The same, by the op that created each: the outermost call (a `make` inside `matmul` is charged to `matmul`). */
  createdBy(): Record<string, number>;
  /** Calls of the backend's private `make`, through which the CPU and gpujs backends create every tensor: a cross-check of `created`. */
  made(): number;
  /** The same, by outermost op. */
  madeBy(): Record<string, number>;
  /** Host read-backs of whole tensors (`read`). */
  reads(): number;
  /** The same, by outermost op. */
  readsBy(): Record<string, number>;
  /** Every op called from outside the backend (outermost calls), by name. */
  calls(): Record<string, number>;
  /** Tensors it created that were disposed (each counted once), since made or last reset. */
  disposed(): number;
  /**
   * Tensors it created and nobody has disposed yet, since it was made (`reset` keeps it): what
   * a GPU backend would hold in memory if the garbage collector freed nothing.
   */
  live(): number;
  /** Sets every counter to zero. Tensors seen before stay seen: they are never counted again. */
  reset(): void;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const total = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Wraps `inner` in a Proxy that counts the tensors it creates and names the op that created
 * each. A backend passes `this` — the proxy — to every tensor it makes and calls its own helpers
 * through it, so every later op on those tensors, and every internal `make`, comes through here
 * too. Give the proxy to the code under test before it makes its tensors.
 */
export function countingBackend(inner: Backend): CountingBackend {
  const seen = new WeakSet<Tensor>();
  let createdBy: Record<string, number> = {};
  let madeBy: Record<string, number> = {};
  let readsBy: Record<string, number> = {};
  let calls: Record<string, number> = {};
  let disposed = 0;
  let live = 0;
  const gone = new WeakSet<Tensor>();
  /** The outermost backend method on the stack, while one runs. */
  let outer: string | undefined;

  const backend: Backend = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]) {
        const isOuter = outer === undefined;
        if (isOuter) {
          outer = prop;
          bump(calls, prop);
        }
        const op = outer as string;
        try {
          if (prop === 'make') bump(madeBy, op);
          if (prop === 'read') bump(readsBy, op);
          const result = fn.apply(this, args);
          if (result instanceof Tensor && !args.includes(result) && !seen.has(result)) {
            seen.add(result);
            bump(createdBy, op);
            live++;
          }
          const t = args[0];
          if (prop === 'dispose' && t instanceof Tensor && seen.has(t) && !gone.has(t)) {
            gone.add(t);
            disposed++;
            live--;
          }
          return result;
        } finally {
          if (isOuter) outer = undefined;
        }
      };
    },
  });

  return {
    backend,
    created: () => total(createdBy),
    createdBy: () => ({ ...createdBy }),
    made: () => total(madeBy),
    madeBy: () => ({ ...madeBy }),
    reads: () => total(readsBy),
    readsBy: () => ({ ...readsBy }),
    calls: () => ({ ...calls }),
    disposed: () => disposed,
    live: () => live,
    reset: () => {
      disposed = 0;
      createdBy = {};
      madeBy = {};
      readsBy = {};
      calls = {};
    },
  };
}

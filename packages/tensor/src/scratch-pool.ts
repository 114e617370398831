import type { Backend } from './backend.js';
import type { DType } from './dtype.js';
import { ValueError } from './errors.js';
import { Tensor } from './tensor.js';

/** How many shapes a pool keeps by default: the full batch, the last partial one, eval, one spare. */
export const SCRATCH_POOL_CAPACITY = 4;

interface Entry<T> {
  backend: Backend;
  dtype: DType;
  rows: number;
  cols: number;
  value: T;
}

/**
 * Scratch tensors kept per (backend, dtype, rows, cols), so that a training step allocates
 * nothing once it has seen its batch shape: the entry for a shape is made on first use and
 * handed back on every later one. At most `capacity` shapes are kept; when another one comes,
 * the least recently used entry is let go and **its tensors are disposed** (on a GPU backend
 * that frees their textures). The one policy of mfnet's scratch: layers, losses and the
 * DataLoader's batches all use it.
 *
 * An entry is a Tensor or an object whose Tensor-valued properties are its tensors (other
 * properties, such as host buffers, are kept alongside). A lookup allocates nothing.
 */
export class ScratchPool<T extends object> {
  /** Most recently used first. */
  private readonly entries: Entry<T>[] = [];

  constructor(
    private readonly make: (backend: Backend, dtype: DType, rows: number, cols: number) => T,
    readonly capacity = SCRATCH_POOL_CAPACITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ValueError(`ScratchPool: capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** How many shapes are held now. */
  get size(): number {
    return this.entries.length;
  }

  /** The entry for this backend, dtype and shape, made on first use. */
  get(backend: Backend, dtype: DType, rows: number, cols: number): T {
    const { entries } = this;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.cols === cols && e.rows === rows && e.backend === backend && e.dtype === dtype) {
        // Move it to the front (most recently used), shifting the ones before it back.
        for (let j = i; j > 0; j--) entries[j] = entries[j - 1]!;
        entries[0] = e;
        return e.value;
      }
    }
    const value = this.make(backend, dtype, rows, cols);
    entries.unshift({ backend, dtype, rows, cols, value });
    while (entries.length > this.capacity) disposeEntry((entries.pop() as Entry<T>).value);
    return value;
  }

  /** Disposes every entry's tensors and forgets them; later lookups make new ones. */
  clear(): void {
    for (const e of this.entries) disposeEntry(e.value);
    this.entries.length = 0;
  }
}

function disposeEntry(value: object): void {
  if (isTensor(value)) {
    value.dispose();
    return;
  }
  for (const v of Object.values(value)) if (isTensor(v)) v.dispose();
}

/** A Tensor, also one of another copy of this package (its ESM and CJS builds side by side). */
function isTensor(v: unknown): v is Tensor {
  return (
    v instanceof Tensor ||
    (typeof v === 'object' &&
      v !== null &&
      'handle' in v &&
      'backend' in v &&
      typeof (v as { dispose?: unknown }).dispose === 'function')
  );
}

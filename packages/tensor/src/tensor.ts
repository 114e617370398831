import type { Backend } from './backend.js';
import type { DType, HostArray } from './dtype.js';
import { formatShape } from './errors.js';

/**
 * A dense 2-D array of numbers, owned by one backend (Sec. 1). Batches are column-major in
 * the paper's sense: features × samples, with row 0 the bias feature.
 *
 * A tensor is a handle: its elements live wherever its backend keeps them (a typed array on
 * the CPU, a texture on a GPU). Read them with `toArray()` or `toTypedArray()`; compute with
 * the backend's operations.
 */
export class Tensor {
  readonly shape: readonly [number, number];

  /**
   * @param backend the backend that owns the storage
   * @param handle  the backend's private storage; only the owning backend looks inside
   */
  constructor(
    readonly backend: Backend,
    readonly rows: number,
    readonly cols: number,
    readonly dtype: DType,
    readonly handle: unknown,
  ) {
    this.shape = Object.freeze([rows, cols] as const);
  }

  /** rows · cols. */
  get size(): number {
    return this.rows * this.cols;
  }

  /** A host copy of the elements, row-major, in the tensor's dtype. */
  toTypedArray(): HostArray {
    return this.backend.read(this);
  }

  /** The elements as nested arrays, one inner array per row. */
  toArray(): number[][] {
    const data = this.backend.read(this);
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(Array.from(data.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return out;
  }

  /** Releases the storage now rather than waiting for the garbage collector. */
  dispose(): void {
    this.backend.dispose(this);
  }

  /** A readable rendering, for logs and the training trace. */
  toString(digits = 4): string {
    const rows = this.toArray().map((row) => row.map((v) => formatNumber(v, digits)));
    const width = Math.max(...rows.flat().map((s) => s.length));
    const lines = rows.map((row) => `[${row.map((s) => s.padStart(width)).join(' ')}]`);
    return `Tensor${formatShape(this.shape)} ${this.dtype} on ${this.backend.name}\n${lines.join('\n')}`;
  }
}

function formatNumber(v: number, digits: number): string {
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(digits)).toString();
}

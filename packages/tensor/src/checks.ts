import type { Backend } from './backend.js';
import { BackendError, DTypeError, formatShape, ShapeError, ValueError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * Argument checks shared by every backend, so that all of them refuse bad input with the same
 * typed errors and the same messages.
 */

/** Throws unless every tensor belongs to `backend` and all share one dtype. */
export function checkOwnership(op: string, backend: Backend, ...tensors: Tensor[]): void {
  const first = tensors[0];
  for (const t of tensors) {
    if (t.backend !== backend) {
      throw new BackendError(
        `${op}: a tensor of backend '${t.backend.name}' was given to backend '${backend.name}'; ` +
          'move it first (backend.fromHost(t.toTypedArray(), ...t.shape))',
      );
    }
    if (first !== undefined && t.dtype !== first.dtype) {
      throw new DTypeError(`${op}: mixed dtypes ${first.dtype} and ${t.dtype}`);
    }
  }
}

/** Throws a ShapeError unless `a` and `b` have the same shape. */
export function checkSameShape(op: string, a: Tensor, b: Tensor, what = 'operands'): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(
      `${op}: ${what} must have the same shape, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
}

/** Throws a ShapeError unless `out` is rows×cols. */
export function checkOut(op: string, out: Tensor, rows: number, cols: number): void {
  if (out.rows !== rows || out.cols !== cols) {
    throw new ShapeError(
      `${op}: out has shape ${formatShape(out.shape)}, the result is ${formatShape([rows, cols])}`,
    );
  }
}

/** Throws a ValueError unless rows and cols are positive integers. */
export function checkDims(op: string, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new ValueError(
      `${op}: a shape needs positive integer sizes, got [${String(rows)}×${String(cols)}]`,
    );
  }
}

/** Throws a ValueError unless `x` is a finite number. */
export function checkFinite(op: string, name: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new ValueError(`${op}: ${name} must be a finite number, got ${String(x)}`);
  }
}

/** Throws a ValueError if `data` holds a NaN or an infinity, naming the first one. */
export function checkAllFinite(op: string, data: ArrayLike<number>, cols: number): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      throw new ValueError(
        `${op}: element [${Math.floor(i / cols)}, ${i % cols}] is ${String(v)}; tensors are created from finite numbers only`,
      );
    }
  }
}

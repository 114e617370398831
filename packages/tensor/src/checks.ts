import type { MatmulOptions } from './backend.js';
import { storageOwner } from './door-brand.js';
import { BackendError, DTypeError, formatShape, ShapeError, ValueError } from './errors.js';
import type { Tensor } from './tensor.js';

/**
 * Argument checks, made once by the door (door.ts) for every backend, so that all of them refuse
 * bad input with the same typed errors and the same messages.
 */

/** Throws unless every tensor belongs to `backend` and all share one dtype. */
export function checkOwnership(op: string, backend: object, ...tensors: Tensor[]): void {
  const first = tensors[0];
  const owner = storageOwner(backend);
  for (const t of tensors) {
    if (t.backend !== backend && storageOwner(t.backend) !== owner) {
      throw new BackendError(
        `${op}: a tensor of backend '${t.backend.name}' was given to backend '${(backend as { name?: string }).name}'; ` +
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

/** The sizes and settings of `op(A)·op(B)`: checks the scalars, the owners and the inner sizes. */
export function matmulArgs(
  backend: object,
  a: Tensor,
  b: Tensor,
  options: MatmulOptions,
): {
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  zeroRow0: boolean;
  M: number;
  N: number;
  K: number;
} {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const alpha = options.alpha ?? 1;
  const beta = options.beta ?? 0;
  const zeroRow0 = options.zeroRow0 ?? false;
  if (typeof zeroRow0 !== 'boolean') {
    throw new ValueError(`matmul: zeroRow0 must be true or false, got ${String(zeroRow0)}`);
  }
  checkFinite('matmul', 'alpha', alpha);
  checkFinite('matmul', 'beta', beta);
  checkOwnership('matmul', backend, a, b);
  const [M, K] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [K2, N] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (K !== K2) {
    throw new ShapeError(
      `matmul: inner sizes differ: ${transA ? 'Aᵀ' : 'A'} is ${formatShape([M, K])}, ` +
        `${transB ? 'Bᵀ' : 'B'} is ${formatShape([K2, N])}`,
    );
  }
  return { transA, transB, alpha, beta, zeroRow0, M, N, K };
}

/** Throws a ShapeError unless rows [start, end) are a range of `t` (non-empty when asked). */
export function checkRowRange(
  op: string,
  t: Tensor,
  start: number,
  end: number,
  nonEmpty: boolean,
): void {
  const ok =
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    end <= t.rows &&
    (nonEmpty ? end > start : end >= start);
  if (!ok) {
    throw new ShapeError(
      `${op}: rows [${start}, ${end}) are not a ${nonEmpty ? 'non-empty ' : ''}range of ${formatShape(t.shape)}`,
    );
  }
}

/** Throws a ValueError unless lo ≤ hi (and neither is NaN). */
export function checkClipBounds(lo: number, hi: number): void {
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new ValueError(`clip: need lo <= hi, got lo = ${lo}, hi = ${hi}`);
  }
}

/** Throws a ShapeError unless `top` and `bottom` have the same number of columns. */
export function checkConcatRows(top: Tensor, bottom: Tensor): void {
  if (top.cols !== bottom.cols) {
    throw new ShapeError(
      `concatRows: column counts differ: ${formatShape(top.shape)} and ${formatShape(bottom.shape)}`,
    );
  }
}

/**
 * The arguments of `crossEntropy` / `crossEntropyGrad`: logits and targets of one backend and
 * shape with at least two rows (the bias row and one class), `out` of that shape and neither
 * input, and (crossEntropy) a probability floor in (0, 1].
 */
export function checkCrossEntropy(
  op: string,
  backend: object,
  logits: Tensor,
  targets: Tensor,
  floor?: number,
  out?: Tensor,
): void {
  checkOwnership(op, backend, logits, targets, ...(out === undefined ? [] : [out]));
  checkSameShape(op, logits, targets, 'logits and targets');
  if (logits.rows < 2) {
    throw new ShapeError(
      `${op}: logits of shape ${formatShape(logits.shape)} have no class rows; expected ` +
        '(C+1)×m with row 0 the bias row and C ≥ 1',
    );
  }
  if (floor !== undefined && !(floor > 0 && floor <= 1)) {
    throw new ValueError(`${op}: floor must be a number in (0, 1], got ${String(floor)}`);
  }
  if (out !== undefined) {
    checkOut(op, out, logits.rows, logits.cols);
    if (out === logits || out === targets) {
      throw new ValueError(`${op}: out must not be one of the inputs`);
    }
  }
}

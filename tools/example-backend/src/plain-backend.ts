import type {
  ActivationKind,
  BackendKernels,
  BinaryOp,
  DType,
  MatmulSettings,
  Tensor,
  UnaryOp,
} from '@mfnet/tensor';
import { activate, derivative } from './activations.js';

/** A tensor's storage on this backend: its elements, row-major. */
function data(t: Tensor): Float64Array {
  return t.handle as Float64Array;
}

const BINARY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
};

const UNARY: Record<UnaryOp, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  neg: (x) => -x,
  abs: Math.abs,
  square: (x) => x * x,
};

/**
 * A float64 backend in plain JavaScript, written to be read: every tensor is a Float64Array,
 * every kernel a loop. The door (`CheckedBackend`) checks each call before it gets here, so no
 * kernel checks its arguments.
 */
export class PlainBackend implements BackendKernels {
  readonly name = 'plain';
  readonly dtypes: readonly DType[] = ['float64'];
  readonly defaultDType: DType = 'float64';

  // ---- storage -------------------------------------------------------------------------

  allocate(rows: number, cols: number): Float64Array {
    return new Float64Array(rows * cols);
  }

  write(t: Tensor, values: ArrayLike<number>): void {
    data(t).set(values);
  }

  read(t: Tensor): Float64Array {
    return data(t).slice();
  }

  dispose(): void {
    // Nothing to release: the garbage collector frees a Float64Array.
  }

  // ---- linear algebra ------------------------------------------------------------------

  /**
   * out = alpha·op(A)·op(B) + beta·out; with beta = 0 the old out is never read. `zeroRow0`
   * then sets row 0 to +0: a weight gradient's bias row, which must stay zero (Eq. 3.5).
   */
  matmul(
    a: Tensor,
    b: Tensor,
    { transA, transB, alpha, beta, zeroRow0 }: MatmulSettings,
    out: Tensor,
  ) {
    const [A, B, C] = [data(a), data(b), data(out)];
    const K = transA ? a.rows : a.cols;
    for (let i = 0; i < out.rows; i++) {
      for (let j = 0; j < out.cols; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const aik = transA ? A[k * a.cols + i]! : A[i * a.cols + k]!;
          const bkj = transB ? B[j * b.cols + k]! : B[k * b.cols + j]!;
          s += aik * bkj;
        }
        const at = i * out.cols + j;
        C[at] = beta === 0 ? alpha * s : alpha * s + beta * C[at]!;
      }
    }
    if (zeroRow0) C.fill(0, 0, out.cols);
  }

  // ---- element-wise (out may be one of the inputs) ---------------------------------------

  binary(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor) {
    const [A, B, O, f] = [data(a), data(b), data(out), BINARY[op]];
    for (let i = 0; i < O.length; i++) O[i] = f(A[i]!, B[i]!);
  }

  unary(op: UnaryOp, a: Tensor, out: Tensor) {
    const [A, O, f] = [data(a), data(out), UNARY[op]];
    for (let i = 0; i < O.length; i++) O[i] = f(A[i]!);
  }

  affine(a: Tensor, alpha: number, beta: number, out: Tensor) {
    const [A, O] = [data(a), data(out)];
    for (let i = 0; i < O.length; i++) O[i] = alpha * A[i]! + beta;
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor) {
    const [X, Y] = [data(x), data(y)];
    for (let i = 0; i < Y.length; i++) Y[i] = alpha * X[i]! + beta * Y[i]!;
  }

  clip(a: Tensor, lo: number, hi: number, out: Tensor) {
    const [A, O] = [data(a), data(out)];
    for (let i = 0; i < O.length; i++) O[i] = Math.min(Math.max(A[i]!, lo), hi);
  }

  // ---- activations: row 0 is the bias row (Sec. 3.2) --------------------------------------

  /** out = g(z) on rows 1…; row 0 is copied. */
  activation(kind: ActivationKind, z: Tensor, out: Tensor, slope: number) {
    const [Z, O] = [data(z), data(out)];
    for (let i = 0; i < O.length; i++) {
      O[i] = i < z.cols ? Z[i]! : activate(kind, Z[i]!, slope);
    }
  }

  /** out = dA ⊙ g′(z) on rows 1…; row 0 is zero. */
  activationGrad(kind: ActivationKind, z: Tensor, dA: Tensor, out: Tensor, slope: number) {
    const [Z, D, O] = [data(z), data(dA), data(out)];
    for (let i = 0; i < O.length; i++) {
      O[i] = i < z.cols ? 0 : D[i]! * derivative(kind, Z[i]!, slope);
    }
  }

  // ---- rows ------------------------------------------------------------------------------

  sliceRows(a: Tensor, start: number, end: number, out: Tensor) {
    data(out).set(data(a).subarray(start * a.cols, end * a.cols));
  }

  concatRows(top: Tensor, bottom: Tensor, out: Tensor) {
    data(out).set(data(top));
    data(out).set(data(bottom), top.size);
  }

  fill(t: Tensor, value: number, rowStart: number, rowEnd: number) {
    data(t).fill(value, rowStart * t.cols, rowEnd * t.cols);
  }

  copy(src: Tensor, dst: Tensor) {
    data(dst).set(data(src));
  }

  // ---- columns: one sample each -------------------------------------------------------------

  /** Softmax of each column, its max subtracted first so that exp never overflows (Eq. 4.4). */
  softmaxCols(a: Tensor, out: Tensor) {
    const [A, O] = [data(a), data(out)];
    for (let j = 0; j < a.cols; j++) {
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < a.rows; i++) max = Math.max(max, A[i * a.cols + j]!);
      let sum = 0;
      for (let i = 0; i < a.rows; i++) {
        const e = Math.exp(A[i * a.cols + j]! - max);
        O[i * a.cols + j] = e;
        sum += e;
      }
      for (let i = 0; i < a.rows; i++) O[i * a.cols + j]! /= sum;
    }
  }

  /** The row of each column's largest element, the first one on ties. */
  argmaxCols(a: Tensor): Int32Array {
    const A = data(a);
    const best = new Int32Array(a.cols);
    for (let j = 0; j < a.cols; j++) {
      for (let i = 1; i < a.rows; i++) {
        if (A[i * a.cols + j]! > A[best[j]! * a.cols + j]!) best[j] = i;
      }
    }
    return best;
  }

  // ---- reductions --------------------------------------------------------------------------

  sumRows(a: Tensor, out: Tensor) {
    const [A, O] = [data(a), data(out)];
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += A[i * a.cols + j]!;
      O[i] = s;
    }
  }

  sumCols(a: Tensor, out: Tensor) {
    const [A, O] = [data(a), data(out)];
    for (let j = 0; j < a.cols; j++) {
      let s = 0;
      for (let i = 0; i < a.rows; i++) s += A[i * a.cols + j]!;
      O[j] = s;
    }
  }

  sum(a: Tensor): number {
    return data(a).reduce((s, v) => s + v, 0);
  }

  dot(a: Tensor, b: Tensor): number {
    const [A, B] = [data(a), data(b)];
    let s = 0;
    for (let i = 0; i < A.length; i++) s += A[i]! * B[i]!;
    return s;
  }

  min(a: Tensor): number {
    return data(a).reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
  }

  max(a: Tensor): number {
    return data(a).reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY);
  }
}

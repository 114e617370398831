import {
  type ActivationKind,
  type BinaryOp,
  LEAKY_RELU_SLOPE,
  type MatmulOptions,
  type UnaryOp,
} from '../backend.js';

/**
 * The reference every backend is checked against: plain float64 loops on nested arrays, written
 * to be obviously right rather than fast. A `Matrix` is an array of rows.
 */
export type Matrix = number[][];

function rowsOf(a: Matrix): number {
  return a.length;
}

function colsOf(a: Matrix): number {
  return a[0]?.length ?? 0;
}

/** A rows×cols matrix whose element (i, j) is f(i, j). */
export function build(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  const out: Matrix = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(f(i, j));
    out.push(row);
  }
  return out;
}

function at(a: Matrix, i: number, j: number): number {
  return a[i]![j]!;
}

function map(a: Matrix, f: (v: number, i: number, j: number) => number): Matrix {
  return build(rowsOf(a), colsOf(a), (i, j) => f(at(a, i, j), i, j));
}

export function transpose(a: Matrix): Matrix {
  return build(colsOf(a), rowsOf(a), (i, j) => at(a, j, i));
}

/** |a| element-wise; used to bound rounding errors of sums (Σ|terms|). */
export function absolute(a: Matrix): Matrix {
  return map(a, Math.abs);
}

/** A row-major copy as a flat array. */
export function flatten(a: Matrix): number[] {
  return a.flat();
}

/** The rows×cols matrix holding `data` row-major. */
export function unflatten(data: ArrayLike<number>, rows: number, cols: number): Matrix {
  return build(rows, cols, (i, j) => data[i * cols + j]!);
}

/**
 * alpha·op(A)·op(B) + beta·C, the textbook triple loop with k innermost and increasing.
 * With beta = 0, C is ignored (it may hold NaN); with alpha = 1 the sum is used as is, so
 * the result is the plain sum Σ_k a_ik·b_kj taken in order of k.
 */
export function matmul(a: Matrix, b: Matrix, options: MatmulOptions = {}, c?: Matrix): Matrix {
  const A = options.transA ? transpose(a) : a;
  const B = options.transB ? transpose(b) : b;
  const alpha = options.alpha ?? 1;
  const beta = options.beta ?? 0;
  const K = colsOf(A);
  return build(rowsOf(A), colsOf(B), (i, j) => {
    if (options.zeroRow0 === true && i === 0) return 0;
    let s = 0;
    for (let k = 0; k < K; k++) s += at(A, i, k) * at(B, k, j);
    let v = alpha === 1 ? s : alpha * s;
    if (beta !== 0) v += beta * (c === undefined ? 0 : at(c, i, j));
    return v;
  });
}

export function binary(op: BinaryOp, a: Matrix, b: Matrix): Matrix {
  return map(a, (x, i, j) => {
    const y = at(b, i, j);
    switch (op) {
      case 'add':
        return x + y;
      case 'sub':
        return x - y;
      case 'mul':
        return x * y;
      case 'div':
        return x / y;
    }
  });
}

export function unary(op: UnaryOp, a: Matrix): Matrix {
  return map(a, (x) => {
    switch (op) {
      case 'exp':
        return Math.exp(x);
      case 'log':
        return Math.log(x);
      case 'sqrt':
        return Math.sqrt(x);
      case 'neg':
        return -x;
      case 'abs':
        return Math.abs(x);
      case 'square':
        return x * x;
    }
  });
}

export function affine(a: Matrix, alpha: number, beta = 0): Matrix {
  return map(a, (x) => alpha * x + beta);
}

export function axpby(alpha: number, x: Matrix, beta: number, y: Matrix): Matrix {
  return map(x, (v, i, j) => alpha * v + beta * at(y, i, j));
}

export function clip(a: Matrix, lo: number, hi: number): Matrix {
  return map(a, (x) => Math.min(Math.max(x, lo), hi));
}

/** g(v) for one element. */
export function activate(kind: ActivationKind, v: number, slope = LEAKY_RELU_SLOPE): number {
  switch (kind) {
    case 'identity':
      return v;
    case 'relu':
      return v > 0 ? v : 0;
    case 'leaky_relu':
      return v > 0 ? v : slope * v;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
  }
}

/** g′(v) for one element; at v = 0 relu and leaky_relu take the left derivative (0, slope). */
export function derivative(kind: ActivationKind, v: number, slope = LEAKY_RELU_SLOPE): number {
  switch (kind) {
    case 'identity':
      return 1;
    case 'relu':
      return v > 0 ? 1 : 0;
    case 'leaky_relu':
      return v > 0 ? 1 : slope;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-v));
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(v);
      return 1 - t * t;
    }
  }
}

/** g(Z) on rows 1…, row 0 copied (Eq. 3.7). */
export function activation(kind: ActivationKind, z: Matrix, slope?: number): Matrix {
  return map(z, (v, i) => (i === 0 ? v : activate(kind, v, slope)));
}

/** dA ⊙ g′(Z) on rows 1…, row 0 zero (Eq. 3.8). */
export function activationGrad(
  kind: ActivationKind,
  z: Matrix,
  dA: Matrix,
  slope?: number,
): Matrix {
  return map(z, (v, i, j) => (i === 0 ? 0 : at(dA, i, j) * derivative(kind, v, slope)));
}

export function sliceRows(a: Matrix, start: number, end: number): Matrix {
  return a.slice(start, end).map((row) => [...row]);
}

export function concatRows(top: Matrix, bottom: Matrix): Matrix {
  return [...top, ...bottom].map((row) => [...row]);
}

export function fill(t: Matrix, value: number, rowStart = 0, rowEnd = rowsOf(t)): Matrix {
  return map(t, (v, i) => (i >= rowStart && i < rowEnd ? value : v));
}

/** Softmax of each column, with the column max subtracted first (Eq. 4.4). */
export function softmaxCols(a: Matrix): Matrix {
  const rows = rowsOf(a);
  const cols = colsOf(a);
  const out = build(rows, cols, () => 0);
  for (let j = 0; j < cols; j++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < rows; i++) max = Math.max(max, at(a, i, j));
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += Math.exp(at(a, i, j) - max);
    for (let i = 0; i < rows; i++) out[i]![j] = Math.exp(at(a, i, j) - max) / sum;
  }
  return out;
}

/** For each column, the first row index holding the column's largest element. */
export function argmaxCols(a: Matrix): number[] {
  const result: number[] = [];
  for (let j = 0; j < colsOf(a); j++) {
    let best = 0;
    for (let i = 1; i < rowsOf(a); i++) if (at(a, i, j) > at(a, best, j)) best = i;
    result.push(best);
  }
  return result;
}

/** rows×1. */
export function sumRows(a: Matrix): Matrix {
  return a.map((row) => [row.reduce((s, v) => s + v, 0)]);
}

/** 1×cols. */
export function sumCols(a: Matrix): Matrix {
  return [build(1, colsOf(a), (_, j) => a.reduce((s, row) => s + row[j]!, 0))[0]!];
}

export function sum(a: Matrix): number {
  return flatten(a).reduce((s, v) => s + v, 0);
}

export function dot(a: Matrix, b: Matrix): number {
  return sum(binary('mul', a, b));
}

export function norm(a: Matrix): number {
  return Math.sqrt(dot(a, a));
}

export function min(a: Matrix): number {
  return Math.min(...flatten(a));
}

export function max(a: Matrix): number {
  return Math.max(...flatten(a));
}

/** The float64 crossEntropy: J over rows 1… with S clipped to [floor, 1], and the target facts. */
export function crossEntropy(
  logits: Matrix,
  targets: Matrix,
  floor: number,
): { loss: number; minTarget: number; maxColumnDeviation: number } {
  const s = softmaxCols(logits.slice(1));
  const y = targets.slice(1);
  const m = colsOf(logits);
  let loss = 0;
  for (let i = 0; i < rowsOf(y); i++) {
    for (let j = 0; j < m; j++)
      loss -= at(y, i, j) * Math.log(Math.min(Math.max(at(s, i, j), floor), 1));
  }
  const deviations = sumCols(y)[0]!.map((v) => Math.abs(v - 1));
  return { loss: loss / m, minTarget: min(y), maxColumnDeviation: Math.max(...deviations) };
}

/** The float64 crossEntropyGrad: [0; (softmax(Z) − Y)/m]. */
export function crossEntropyGrad(logits: Matrix, targets: Matrix): Matrix {
  const s = softmaxCols(logits.slice(1));
  const m = colsOf(logits);
  const d = build(rowsOf(s), m, (i, j) => (at(s, i, j) - at(targets, i + 1, j)) / m);
  return [new Array<number>(m).fill(0), ...d];
}

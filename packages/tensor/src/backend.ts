import type { BackendLike } from './door.js';
import type { DType, HostArray } from './dtype.js';
import type { Tensor } from './tensor.js';

/**
 * The activation maps mfnet knows. Each has a derivative (`activationGrad`).
 * `leaky_relu` takes its negative slope as a parameter (LEAKY_RELU_SLOPE by default).
 */
export type ActivationKind = 'identity' | 'relu' | 'leaky_relu' | 'sigmoid' | 'tanh';

export const ACTIVATION_KINDS: readonly ActivationKind[] = [
  'identity',
  'relu',
  'leaky_relu',
  'sigmoid',
  'tanh',
];

/** The negative slope of `leaky_relu` when none is given: the one place it is defined. */
export const LEAKY_RELU_SLOPE = 0.01;

export const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div'];

export const UNARY_OPS: readonly UnaryOp[] = ['exp', 'log', 'sqrt', 'neg', 'abs', 'square'];

/** Element-wise binary operations. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** Element-wise unary operations. */
export type UnaryOp = 'exp' | 'log' | 'sqrt' | 'neg' | 'abs' | 'square';

export interface MatmulOptions {
  /** Use Aᵀ instead of A. */
  transA?: boolean;
  /** Use Bᵀ instead of B. */
  transB?: boolean;
  /** out = alpha·op(A)·op(B) + beta·out. Default 1. */
  alpha?: number;
  /** Default 0; with 0 the old contents of `out` are ignored (even NaN). */
  beta?: number;
  /**
   * Then set row 0 of `out` to zero (default false): the bias row of a weight gradient, which is
   * a constant of the model, not a parameter (Eq. 3.2). The same as `fill(out, 0, 0, 1)` after
   * the product, in one pass.
   */
  zeroRow0?: boolean;
}

/**
 * What `crossEntropy` returns: the loss and the two facts about the targets that a loss checks,
 * all three read back together (one read-back per training step).
 */
export interface CrossEntropyResult {
  /** J = −(1/m) Σᵢ Σⱼ Yᵢⱼ log max(Sᵢⱼ, floor) over rows 1… (Eq. 4.3). */
  loss: number;
  /** The smallest target entry on rows 1… (< 0 or NaN: the targets are not probabilities). */
  minTarget: number;
  /** maxⱼ |Σᵢ Yᵢⱼ − 1| over rows i ≥ 1: how far the worst target column is from summing to 1. */
  maxColumnDeviation: number;
}

/**
 * The one door between mfnet's math and the hardware. Layers, losses and optimizers call these
 * methods and nothing else. Every `Backend` they get is a `CheckedBackend` (door.ts): it checks
 * each call once and hands it to a backend's raw kernels (`BackendKernels`, kernels.ts), which
 * implement it on their own storage.
 *
 * Conventions:
 * - A tensor is a dense rows×cols matrix, stored row-major from the host's point of view.
 * - Every operation that produces a tensor takes an optional `out`. With `out`, the result is
 *   written there (and `out` is returned), so that a training step can run without allocating;
 *   without it, a new tensor is returned. `out` may be one of the inputs for element-wise
 *   operations, never for `matmul`, `softmaxCols` or the row slice/concat.
 * - All inputs and `out` must belong to this backend and share one dtype; shapes are checked
 *   and a mismatch throws a `ShapeError` that names the op and the shapes.
 * - Reductions that return a `number` read one value back to the host; they are the only
 *   read-backs a training step needs (the loss, and gradient norms when clipping).
 */
export interface Backend {
  /** A short name such as `cpu` or `gpujs`. */
  readonly name: string;
  /** The dtypes this backend can store. */
  readonly dtypes: readonly DType[];
  /** The dtype of tensors made on this backend without one (cpu: float64, gpujs: float32). */
  readonly defaultDType: DType;
  /**
   * The raw kernels behind the checks, for backend-specific extras: cast it to the backend's
   * class (`(backend.raw as GpujsBackend).stats()`). Never compute through it: it checks nothing.
   */
  readonly raw: object;

  // ---- storage -------------------------------------------------------------------------
  /** A new rows×cols tensor filled with zeros (in `defaultDType` unless told). */
  zeros(rows: number, cols: number, dtype?: DType): Tensor;
  /** A new tensor holding a copy of `data` (row-major, length rows·cols), in `dtype`. */
  fromHost(data: ArrayLike<number>, rows: number, cols: number, dtype?: DType): Tensor;
  /** Overwrites all of `t` with `data` (row-major, length rows·cols). */
  write(t: Tensor, data: ArrayLike<number>): void;
  /** A host copy of `t`'s elements, row-major, in `t`'s dtype. */
  read(t: Tensor): HostArray;
  /** Releases the storage of `t` (a no-op where the garbage collector does it). */
  dispose(t: Tensor): void;

  // ---- linear algebra ------------------------------------------------------------------
  /** out = alpha·op(A)·op(B) + beta·out, op = identity or transpose (Eq. 3.4–3.6). */
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions, out?: Tensor): Tensor;

  // ---- element-wise ----------------------------------------------------------------------
  /** out = a ∘ b element-wise, for ∘ in + − × ÷. */
  binary(op: BinaryOp, a: Tensor, b: Tensor, out?: Tensor): Tensor;
  /** out = f(a) element-wise. */
  unary(op: UnaryOp, a: Tensor, out?: Tensor): Tensor;
  /** out = alpha·a + beta (either may be omitted: alpha 1, beta 0). */
  affine(a: Tensor, alpha: number, beta?: number, out?: Tensor): Tensor;
  /** y ← alpha·x + beta·y, in place (BLAS axpby; axpy when beta = 1). Returns y. */
  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): Tensor;
  /** out = min(max(a, lo), hi). */
  clip(a: Tensor, lo: number, hi: number, out?: Tensor): Tensor;

  // ---- activations (bias-row aware, Sec. 3.2) ---------------------------------------------
  /** out = g(z) on rows 1…, row 0 copied unchanged (Eq. 3.7). */
  activation(kind: ActivationKind, z: Tensor, out?: Tensor, param?: number): Tensor;
  /** out = dA ⊙ g′(z) on rows 1…, row 0 set to zero (Eq. 3.8). */
  activationGrad(kind: ActivationKind, z: Tensor, dA: Tensor, out?: Tensor, param?: number): Tensor;

  // ---- rows: the bias row ----------------------------------------------------------------
  /** Rows [start, end) of `a`. */
  sliceRows(a: Tensor, start: number, end: number, out?: Tensor): Tensor;
  /** [top; bottom]: `bottom` stacked under `top` (same number of columns). */
  concatRows(top: Tensor, bottom: Tensor, out?: Tensor): Tensor;
  /** Sets rows [rowStart, rowEnd) of `t` to `value`, in place (all rows by default). Returns t. */
  fill(t: Tensor, value: number, rowStart?: number, rowEnd?: number): Tensor;
  /** dst ← src, same shape and dtype. Returns dst. */
  copy(src: Tensor, dst: Tensor): Tensor;

  // ---- columns: samples --------------------------------------------------------------------
  /** Softmax of each column, computed stably (the column max is subtracted first, Eq. 4.4). */
  softmaxCols(a: Tensor, out?: Tensor): Tensor;
  /** For each column, the row index of its largest element (the first on ties). */
  argmaxCols(a: Tensor): Int32Array;

  // ---- the softmax cross-entropy loss (Sec. 4.2), fused --------------------------------------
  /**
   * Softmax cross-entropy of a batch in the bias-row layout. `logits` Ŷ and `targets` Y are both
   * (C+1)×m, C ≥ 1; row 0 of each (the bias row) is ignored. Per column j, S = softmax of rows
   * 1… of Ŷ (Eq. 4.4, the column max subtracted first, so logits of ±1e4 are fine), clipped to
   * [floor, 1], and J = −(1/m) Σᵢ Σⱼ Yᵢⱼ log Sᵢⱼ (Eq. 4.3). Returns J with the smallest target
   * and the worst column-sum deviation, for the loss's target checks, in one read-back. `floor`
   * is a number in (0, 1].
   */
  crossEntropy(logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult;
  /**
   * ∂J/∂Ŷ of `crossEntropy` for the same logits and targets, shaped like them: row 0 zero,
   * rows 1… = (S − Y)/m with S the unclipped softmax (spec-notes, slip 1). `out` may not be
   * `logits` or `targets`.
   */
  crossEntropyGrad(logits: Tensor, targets: Tensor, out?: Tensor): Tensor;

  // ---- reductions ------------------------------------------------------------------------
  /** rows×1: the sum of each row. */
  sumRows(a: Tensor, out?: Tensor): Tensor;
  /** 1×cols: the sum of each column. */
  sumCols(a: Tensor, out?: Tensor): Tensor;
  /** The sum of all elements. */
  sum(a: Tensor): number;
  /** Σ a_ij·b_ij, the Frobenius inner product. */
  dot(a: Tensor, b: Tensor): number;
  /** The Frobenius (L2) norm. */
  norm(a: Tensor): number;
  /** The smallest and largest element ([+Inf, −Inf] never occurs: tensors are never empty). */
  min(a: Tensor): number;
  max(a: Tensor): number;
}

/**
 * A function that makes a backend, for the registry; `options` is backend-specific. It may
 * return raw kernels: the registry puts them behind the checks (`checkedBackend`).
 */
export type BackendFactory = (options?: Record<string, unknown>) => BackendLike;

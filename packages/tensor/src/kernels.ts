import type { ActivationKind, BinaryOp, CrossEntropyResult, UnaryOp } from './backend.js';
import type { DType, HostArray } from './dtype.js';
import type { Tensor } from './tensor.js';

/** `matmul`'s settings with every default filled in: the kernels never see a missing one. */
export interface MatmulSettings {
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
  /** Then set row 0 of `out` to +0 (the bias row of a weight gradient): required of a kernel. */
  zeroRow0: boolean;
}

/**
 * What a backend implements: storage and kernels, nothing else. The door (`CheckedBackend`,
 * door.ts) checks every call before it gets here and fills in every default, so a kernel may
 * assume, without checking:
 *
 * - every tensor was made by this backend (its `handle` is storage that `allocate` returned)
 *   and all tensors of one call share one dtype, one of `dtypes`;
 * - shapes fit: element-wise operands and `out` have the same shape, `out` has the result's
 *   shape, matmul's inner sizes agree, row ranges lie inside the tensor;
 * - `out` is always given (the door allocates it when the caller did not). It may be one of the
 *   inputs only for the element-wise ops (`binary`, `unary`, `affine`, `clip`, `activation`,
 *   `activationGrad`), never for `matmul`, `softmaxCols`, `sliceRows`, `concatRows` or
 *   `crossEntropyGrad`; `copy` never gets src = dst;
 * - scalars are finite numbers (`clip`'s lo ≤ hi may be ±Infinity; `fill`'s value is not NaN),
 *   the op and activation names are known ones, leaky_relu's `param` is given, `fill`'s row
 *   range is non-empty;
 * - with matmul `beta` = 0 the old contents of `out` must be ignored (even NaN).
 *
 * A kernel writes its result into `out` (what it returns is ignored). The door returns `out`.
 */
export interface BackendKernels {
  /** A short name such as `cpu` or `gpujs`, for messages. */
  readonly name: string;
  /** The dtypes this backend can store. */
  readonly dtypes: readonly DType[];
  /** The dtype of tensors made without one; one of `dtypes`. */
  readonly defaultDType: DType;
  /** The most elements one tensor may hold, where the backend has such a limit. */
  readonly maxElements?: number;

  // ---- storage -------------------------------------------------------------------------
  /** Storage for rows×cols elements of `dtype`, to become a tensor's `handle`; any contents. */
  allocate(rows: number, cols: number, dtype: DType): unknown;
  /** Overwrites all of `t` with `data` (row-major; data.length = t.size). */
  write(t: Tensor, data: ArrayLike<number>): void;
  /** A fresh host copy of `t`'s elements, row-major, in `t`'s dtype. */
  read(t: Tensor): HostArray;
  /** Releases `t`'s storage (may be called twice). */
  dispose(t: Tensor): void;

  // ---- compute (see `Backend` for what each computes) ------------------------------------
  matmul(a: Tensor, b: Tensor, settings: MatmulSettings, out: Tensor): unknown;
  binary(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor): unknown;
  unary(op: UnaryOp, a: Tensor, out: Tensor): unknown;
  affine(a: Tensor, alpha: number, beta: number, out: Tensor): unknown;
  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): unknown;
  clip(a: Tensor, lo: number, hi: number, out: Tensor): unknown;
  activation(kind: ActivationKind, z: Tensor, out: Tensor, param: number): unknown;
  activationGrad(kind: ActivationKind, z: Tensor, dA: Tensor, out: Tensor, param: number): unknown;
  sliceRows(a: Tensor, start: number, end: number, out: Tensor): unknown;
  concatRows(top: Tensor, bottom: Tensor, out: Tensor): unknown;
  fill(t: Tensor, value: number, rowStart: number, rowEnd: number): unknown;
  copy(src: Tensor, dst: Tensor): unknown;
  softmaxCols(a: Tensor, out: Tensor): unknown;
  argmaxCols(a: Tensor): Int32Array;
  /**
   * Optional, fused: the softmax cross-entropy and its gradient (see `Backend`). The door has
   * checked that logits and targets share a (C+1)×m shape with C ≥ 1 and that `floor` lies in
   * (0, 1]. A backend without them gets the door's composition of the kernels above
   * (composed-cross-entropy.ts): correct, but several kernels and read-backs instead of one.
   */
  crossEntropy?(logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult;
  crossEntropyGrad?(logits: Tensor, targets: Tensor, out: Tensor): unknown;
  sumRows(a: Tensor, out: Tensor): unknown;
  sumCols(a: Tensor, out: Tensor): unknown;
  sum(a: Tensor): number;
  dot(a: Tensor, b: Tensor): number;
  min(a: Tensor): number;
  max(a: Tensor): number;
}

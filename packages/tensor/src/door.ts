import {
  ACTIVATION_KINDS,
  type ActivationKind,
  type Backend,
  BINARY_OPS,
  type BinaryOp,
  type CrossEntropyResult,
  LEAKY_RELU_SLOPE,
  type MatmulOptions,
  UNARY_OPS,
  type UnaryOp,
} from './backend.js';
import {
  checkClipBounds,
  checkConcatRows,
  checkCrossEntropy,
  checkDims,
  checkFinite,
  checkOut,
  checkOwnership,
  checkRowRange,
  checkSameShape,
  matmulArgs,
} from './checks.js';
import { ComposedCrossEntropy } from './composed-cross-entropy.js';
import { DOOR, isCheckedBackend } from './door-brand.js';
import { assertDType, type DType, type HostArray } from './dtype.js';
import { BackendError, DTypeError, formatShape, ShapeError, ValueError } from './errors.js';
import type { BackendKernels } from './kernels.js';
import { safeNorm } from './safe-norm.js';
import { Tensor } from './tensor.js';

/**
 * The front door: the `Backend` that layers, losses and optimizers get. It checks every call once
 * (ownership, dtypes, shapes, `out`, finite scalars, op and activation names, row ranges), fills
 * in the defaults (dtype, matmul settings, leaky_relu's slope, `out`), and hands the checked call
 * to the backend's raw kernels. The kernels hold only storage and arithmetic (kernels.ts).
 *
 * Make one with `checkedBackend(kernels)`; the registry does it for every backend it makes.
 */
export class CheckedBackend implements Backend {
  readonly [DOOR] = true;
  readonly name: string;
  readonly dtypes: readonly DType[];
  readonly defaultDType: DType;
  /** The kernels (`raw`), by a short name. */
  private readonly k: BackendKernels;
  /** crossEntropy for kernels without a fused one, composed from the other ops. */
  private composedCrossEntropy: ComposedCrossEntropy | undefined;

  /** Use `checkedBackend(raw)`, which gives one door per kernels object. */
  constructor(readonly raw: BackendKernels) {
    const missing = REQUIRED_KERNELS.filter((m) => typeof raw[m] !== 'function');
    if (missing.length > 0) {
      throw new BackendError(
        `backend '${String(raw.name)}' does not implement BackendKernels (kernels.ts): ` +
          `missing ${missing.join(', ')}`,
      );
    }
    this.k = raw;
    this.name = this.k.name;
    this.dtypes = this.k.dtypes;
    this.defaultDType = this.k.defaultDType;
    if (!this.dtypes.includes(this.defaultDType)) {
      throw new DTypeError(
        `backend '${raw.name}': its default dtype ${this.defaultDType} is not one it stores (${raw.dtypes.join(', ')})`,
      );
    }
  }

  // ---- helpers -------------------------------------------------------------------------

  /** A new tensor of this backend with fresh storage (contents unspecified). */
  private make(op: string, rows: number, cols: number, dtype: DType): Tensor {
    const limit = this.k.maxElements;
    if (limit !== undefined && rows * cols > limit) {
      throw new ShapeError(
        `${op}: ${formatShape([rows, cols])} has ${rows * cols} elements; the ${this.name} backend ` +
          `holds at most ${limit} per tensor; split it`,
      );
    }
    return new Tensor(this, rows, cols, dtype, this.k.allocate(rows, cols, dtype));
  }

  /** `out` checked for owner, dtype and shape, or a new tensor shaped like the result. */
  private target(op: string, like: Tensor, rows: number, cols: number, out?: Tensor): Tensor {
    if (out === undefined) {
      checkOwnership(op, this, like);
      return this.make(op, rows, cols, like.dtype);
    }
    checkOwnership(op, this, like, out);
    checkOut(op, out, rows, cols);
    return out;
  }

  /** `dtype`, or the default, checked to be one this backend stores. */
  private storable(op: string, dtype: DType | undefined): DType {
    const d = assertDType(dtype ?? this.defaultDType);
    if (!this.dtypes.includes(d)) {
      throw new DTypeError(
        `${op}: the ${this.name} backend stores ${this.dtypes.join(' and ')} only, not ${d}; ` +
          `leave the dtype out to get its default (${this.defaultDType})`,
      );
    }
    return d;
  }

  // ---- storage -------------------------------------------------------------------------

  zeros(rows: number, cols: number, dtype?: DType): Tensor {
    checkDims('zeros', rows, cols);
    const t = this.make('zeros', rows, cols, this.storable('zeros', dtype));
    this.k.fill(t, 0, 0, rows);
    return t;
  }

  fromHost(data: ArrayLike<number>, rows: number, cols: number, dtype?: DType): Tensor {
    checkDims('fromHost', rows, cols);
    const d = this.storable('fromHost', dtype);
    checkLength('fromHost', rows, cols, data);
    const t = this.make('fromHost', rows, cols, d);
    this.k.write(t, data);
    return t;
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    checkOwnership('write', this, t);
    checkLength('write', t.rows, t.cols, data);
    this.k.write(t, data);
  }

  read(t: Tensor): HostArray {
    checkOwnership('read', this, t);
    return this.k.read(t);
  }

  dispose(t: Tensor): void {
    checkOwnership('dispose', this, t);
    this.k.dispose(t);
  }

  // ---- linear algebra ------------------------------------------------------------------

  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}, out?: Tensor): Tensor {
    const { transA, transB, alpha, beta, zeroRow0, M, N } = matmulArgs(this, a, b, options);
    const c = this.target('matmul', a, M, N, out);
    if (c === a || c === b) throw new ValueError('matmul: out must not be one of the operands');
    // A new out holds nothing to add to: beta·out is dropped.
    const settings = { transA, transB, alpha, beta: out === undefined ? 0 : beta, zeroRow0 };
    this.k.matmul(a, b, settings, c);
    return c;
  }

  // ---- element-wise ----------------------------------------------------------------------

  binary(op: BinaryOp, a: Tensor, b: Tensor, out?: Tensor): Tensor {
    checkName('binary', 'op', op, BINARY_OPS);
    checkOwnership(op, this, a, b);
    checkSameShape(op, a, b);
    const o = this.target(op, a, a.rows, a.cols, out);
    this.k.binary(op, a, b, o);
    return o;
  }

  unary(op: UnaryOp, a: Tensor, out?: Tensor): Tensor {
    checkName('unary', 'op', op, UNARY_OPS);
    const o = this.target(op, a, a.rows, a.cols, out);
    this.k.unary(op, a, o);
    return o;
  }

  affine(a: Tensor, alpha: number, beta = 0, out?: Tensor): Tensor {
    checkFinite('affine', 'alpha', alpha);
    checkFinite('affine', 'beta', beta);
    const o = this.target('affine', a, a.rows, a.cols, out);
    this.k.affine(a, alpha, beta, o);
    return o;
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): Tensor {
    checkFinite('axpby', 'alpha', alpha);
    checkFinite('axpby', 'beta', beta);
    checkOwnership('axpby', this, x, y);
    checkSameShape('axpby', x, y);
    this.k.axpby(alpha, x, beta, y);
    return y;
  }

  clip(a: Tensor, lo: number, hi: number, out?: Tensor): Tensor {
    checkClipBounds(lo, hi);
    const o = this.target('clip', a, a.rows, a.cols, out);
    this.k.clip(a, lo, hi, o);
    return o;
  }

  // ---- activations (bias-row aware, Sec. 3.2) ---------------------------------------------

  activation(kind: ActivationKind, z: Tensor, out?: Tensor, param?: number): Tensor {
    checkName('activation', 'kind', kind, ACTIVATION_KINDS);
    if (param !== undefined) checkFinite(kind, 'param', param);
    const o = this.target(kind, z, z.rows, z.cols, out);
    this.k.activation(kind, z, o, param ?? LEAKY_RELU_SLOPE);
    return o;
  }

  activationGrad(
    kind: ActivationKind,
    z: Tensor,
    dA: Tensor,
    out?: Tensor,
    param?: number,
  ): Tensor {
    checkName('activation', 'kind', kind, ACTIVATION_KINDS);
    const op = `${kind}Grad`;
    if (param !== undefined) checkFinite(op, 'param', param);
    checkOwnership(op, this, z, dA);
    checkSameShape(op, z, dA, 'z and dA');
    const o = this.target(op, z, z.rows, z.cols, out);
    this.k.activationGrad(kind, z, dA, o, param ?? LEAKY_RELU_SLOPE);
    return o;
  }

  // ---- rows: the bias row ----------------------------------------------------------------

  sliceRows(a: Tensor, start: number, end: number, out?: Tensor): Tensor {
    checkRowRange('sliceRows', a, start, end, true);
    const o = this.target('sliceRows', a, end - start, a.cols, out);
    if (o === a) throw new ValueError('sliceRows: out must not be the input');
    this.k.sliceRows(a, start, end, o);
    return o;
  }

  concatRows(top: Tensor, bottom: Tensor, out?: Tensor): Tensor {
    checkOwnership('concatRows', this, top, bottom);
    checkConcatRows(top, bottom);
    const o = this.target('concatRows', top, top.rows + bottom.rows, top.cols, out);
    if (o === top || o === bottom) throw new ValueError('concatRows: out must not be an input');
    this.k.concatRows(top, bottom, o);
    return o;
  }

  fill(t: Tensor, value: number, rowStart = 0, rowEnd = t.rows): Tensor {
    checkOwnership('fill', this, t);
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new ValueError(`fill: value must be a number, got ${String(value)}`);
    }
    checkRowRange('fill', t, rowStart, rowEnd, false);
    if (rowEnd > rowStart) this.k.fill(t, value, rowStart, rowEnd);
    return t;
  }

  copy(src: Tensor, dst: Tensor): Tensor {
    checkOwnership('copy', this, src, dst);
    checkSameShape('copy', src, dst, 'src and dst');
    if (src !== dst) this.k.copy(src, dst);
    return dst;
  }

  // ---- columns: samples --------------------------------------------------------------------

  softmaxCols(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('softmaxCols', a, a.rows, a.cols, out);
    if (o === a) throw new ValueError('softmaxCols: out must not be the input');
    this.k.softmaxCols(a, o);
    return o;
  }

  argmaxCols(a: Tensor): Int32Array {
    checkOwnership('argmaxCols', this, a);
    return this.k.argmaxCols(a);
  }

  // ---- the softmax cross-entropy loss (Sec. 4.2), fused where the kernels have it ------------

  crossEntropy(logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult {
    checkCrossEntropy('crossEntropy', this, logits, targets, floor);
    if (this.k.crossEntropy !== undefined) return this.k.crossEntropy(logits, targets, floor);
    return this.composed().loss(this, logits, targets, floor);
  }

  crossEntropyGrad(logits: Tensor, targets: Tensor, out?: Tensor): Tensor {
    checkCrossEntropy('crossEntropyGrad', this, logits, targets, undefined, out);
    const o = out ?? this.make('crossEntropyGrad', logits.rows, logits.cols, logits.dtype);
    if (this.k.crossEntropyGrad !== undefined) this.k.crossEntropyGrad(logits, targets, o);
    else this.composed().grad(this, logits, targets, o);
    return o;
  }

  private composed(): ComposedCrossEntropy {
    this.composedCrossEntropy ??= new ComposedCrossEntropy();
    return this.composedCrossEntropy;
  }

  // ---- reductions ------------------------------------------------------------------------

  sumRows(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('sumRows', a, a.rows, 1, out);
    this.k.sumRows(a, o);
    return o;
  }

  sumCols(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('sumCols', a, 1, a.cols, out);
    this.k.sumCols(a, o);
    return o;
  }

  sum(a: Tensor): number {
    checkOwnership('sum', this, a);
    return this.k.sum(a);
  }

  dot(a: Tensor, b: Tensor): number {
    checkOwnership('dot', this, a, b);
    checkSameShape('dot', a, b);
    return this.k.dot(a, b);
  }

  norm(a: Tensor): number {
    checkOwnership('norm', this, a);
    return safeNorm(this, a);
  }

  min(a: Tensor): number {
    checkOwnership('min', this, a);
    return this.k.min(a);
  }

  max(a: Tensor): number {
    checkOwnership('max', this, a);
    return this.k.max(a);
  }
}

function checkName<T extends string>(op: string, what: string, name: T, known: readonly T[]): void {
  if (!known.includes(name)) {
    throw new ValueError(
      `${op}: unknown ${what} ${JSON.stringify(name)}; known: ${known.join(', ')}`,
    );
  }
}

function checkLength(op: string, rows: number, cols: number, data: ArrayLike<number>): void {
  const length = (data as { length?: unknown } | null | undefined)?.length;
  if (length !== rows * cols) {
    throw new ValueError(
      `${op}: tensor ${formatShape([rows, cols])} needs ${rows * cols} elements, the data has ${String(length)}`,
    );
  }
}

/** The methods every BackendKernels has (crossEntropy and crossEntropyGrad are optional). */
const REQUIRED_KERNELS = [
  'allocate',
  'write',
  'read',
  'dispose',
  'matmul',
  'binary',
  'unary',
  'affine',
  'axpby',
  'clip',
  'activation',
  'activationGrad',
  'sliceRows',
  'concatRows',
  'fill',
  'copy',
  'softmaxCols',
  'argmaxCols',
  'sumRows',
  'sumCols',
  'sum',
  'dot',
  'min',
  'max',
] as const satisfies readonly (keyof BackendKernels)[];

const doors = new WeakMap<object, CheckedBackend>();

/** What `checkedBackend` takes: raw kernels, or a door. */
export type BackendLike = Backend | BackendKernels;

/**
 * The checked `Backend` in front of `raw`: one per kernels object, so that tensors made through
 * either call of `checkedBackend(raw)` belong together. A door is returned as it is.
 */
export function checkedBackend(raw: BackendLike): Backend {
  if (isCheckedBackend(raw)) return raw;
  let door = doors.get(raw);
  if (door === undefined) {
    door = new CheckedBackend(raw as BackendKernels);
    doors.set(raw, door);
  }
  return door;
}

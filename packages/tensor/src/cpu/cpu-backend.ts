import {
  ACTIVATION_KINDS,
  type ActivationKind,
  type Backend,
  type BinaryOp,
  type CrossEntropyResult,
  type MatmulOptions,
  type UnaryOp,
} from '../backend.js';
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
} from '../checks.js';
import {
  assertDType,
  DEFAULT_DTYPE,
  DTYPES,
  type DType,
  type HostArray,
  hostArray,
} from '../dtype.js';
import { BackendError, formatShape, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { activationBackward, activationForward } from './activations.js';
import { ComposedCrossEntropy } from './cross-entropy.js';
import { type Gemm, makeGemm } from './gemm.js';
import { loadWasmKernels } from './wasm/load-kernels.js';
import { makeWasmGemm } from './wasm/wasm-gemm.js';

const DEFAULT_LEAKY_SLOPE = 0.01;

export interface CpuBackendOptions {
  /**
   * The matmul kernels: `wasm` (WebAssembly SIMD, an error where the engine lacks it), `js`
   * (plain TypeScript) or `auto` (the default: wasm where available, else js). Both give
   * float64 results bit-identical to the textbook loop for alpha = 1, beta = 0.
   */
  kernels?: 'auto' | 'wasm' | 'js';
}

/**
 * The CPU backend: typed arrays (Float64Array or Float32Array), row-major; a tensor's handle is
 * its typed array. Matrix products run on WebAssembly SIMD kernels where the engine has them
 * (compiled from assembly/kernels.ts), else on the TypeScript ones; everything else is
 * TypeScript.
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly dtypes = DTYPES;
  /** The matmul kernels in use. */
  readonly kernels: 'wasm' | 'js';
  /** The matmul of each dtype; a subclass may wrap them (e.g. `@mfnet/tensor/node`'s threads). */
  protected gemm64: Gemm;
  protected gemm32: Gemm;
  /** crossEntropy and its gradient, composed from the kernels below, with per-shape scratch. */
  private readonly crossEntropyKernels = new ComposedCrossEntropy();

  constructor(options: CpuBackendOptions = {}) {
    const wanted = options.kernels ?? 'auto';
    if (wanted !== 'auto' && wanted !== 'wasm' && wanted !== 'js') {
      throw new ValueError(
        `cpu backend: kernels must be 'auto', 'wasm' or 'js', got ${JSON.stringify(wanted)}`,
      );
    }
    const wasm = wanted === 'js' ? undefined : loadWasmKernels();
    if (wanted === 'wasm' && wasm === undefined) {
      throw new BackendError(
        'cpu backend: WebAssembly SIMD is not available in this engine; use kernels: "js"',
      );
    }
    this.kernels = wasm === undefined ? 'js' : 'wasm';
    this.gemm64 = wasm === undefined ? makeGemm() : makeWasmGemm(wasm, 'float64');
    this.gemm32 = wasm === undefined ? makeGemm() : makeWasmGemm(wasm, 'float32');
  }

  /** The typed array behind `t` (the CPU backend's storage), for code that lives on the CPU. */
  data(t: Tensor): HostArray {
    return t.handle as HostArray;
  }

  private make(rows: number, cols: number, dtype: DType): Tensor {
    return new Tensor(this, rows, cols, dtype, hostArray(dtype, rows * cols));
  }

  /** `out` checked for shape and ownership, or a new tensor shaped like the result. */
  private target(op: string, like: Tensor, rows: number, cols: number, out?: Tensor): Tensor {
    if (out === undefined) {
      checkOwnership(op, this, like);
      return this.make(rows, cols, like.dtype);
    }
    checkOwnership(op, this, like, out);
    checkOut(op, out, rows, cols);
    return out;
  }

  zeros(rows: number, cols: number, dtype: DType = DEFAULT_DTYPE): Tensor {
    checkDims('zeros', rows, cols);
    return this.make(rows, cols, assertDType(dtype));
  }

  fromHost(
    data: ArrayLike<number>,
    rows: number,
    cols: number,
    dtype: DType = DEFAULT_DTYPE,
  ): Tensor {
    checkDims('fromHost', rows, cols);
    const t = this.make(rows, cols, assertDType(dtype));
    this.write(t, data);
    return t;
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    checkOwnership('write', this, t);
    if (data.length !== t.size) {
      throw new ValueError(
        `write: tensor ${formatShape(t.shape)} needs ${t.size} elements, the data has ${data.length}`,
      );
    }
    this.data(t).set(data);
  }

  read(t: Tensor): HostArray {
    checkOwnership('read', this, t);
    return this.data(t).slice();
  }

  dispose(_t: Tensor): void {
    // Typed arrays are freed by the garbage collector.
  }

  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}, out?: Tensor): Tensor {
    const { transA, transB, alpha, beta, zeroRow0, M, N, K } = matmulArgs(this, a, b, options);
    const c = this.target('matmul', a, M, N, out);
    if (c === a || c === b) throw new ValueError('matmul: out must not be one of the operands');
    const gemm = a.dtype === 'float64' ? this.gemm64 : this.gemm32;
    gemm(transA, transB, M, N, K, alpha, this.data(a), this.data(b), beta, this.data(c));
    if (zeroRow0) this.data(c).fill(0, 0, N);
    return c;
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor, out?: Tensor): Tensor {
    checkOwnership(op, this, a, b);
    checkSameShape(op, a, b);
    const o = this.target(op, a, a.rows, a.cols, out);
    const x = this.data(a);
    const y = this.data(b);
    const z = this.data(o);
    const n = x.length;
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) z[i] = x[i]! + y[i]!;
        break;
      case 'sub':
        for (let i = 0; i < n; i++) z[i] = x[i]! - y[i]!;
        break;
      case 'mul':
        for (let i = 0; i < n; i++) z[i] = x[i]! * y[i]!;
        break;
      case 'div':
        for (let i = 0; i < n; i++) z[i] = x[i]! / y[i]!;
        break;
      default:
        throw new ValueError(`binary: unknown op ${JSON.stringify(op)}`);
    }
    return o;
  }

  unary(op: UnaryOp, a: Tensor, out?: Tensor): Tensor {
    const o = this.target(op, a, a.rows, a.cols, out);
    const x = this.data(a);
    const z = this.data(o);
    const n = x.length;
    switch (op) {
      case 'exp':
        for (let i = 0; i < n; i++) z[i] = Math.exp(x[i]!);
        break;
      case 'log':
        for (let i = 0; i < n; i++) z[i] = Math.log(x[i]!);
        break;
      case 'sqrt':
        for (let i = 0; i < n; i++) z[i] = Math.sqrt(x[i]!);
        break;
      case 'neg':
        for (let i = 0; i < n; i++) z[i] = -x[i]!;
        break;
      case 'abs':
        for (let i = 0; i < n; i++) z[i] = Math.abs(x[i]!);
        break;
      case 'square':
        for (let i = 0; i < n; i++) z[i] = x[i]! * x[i]!;
        break;
      default:
        throw new ValueError(`unary: unknown op ${JSON.stringify(op)}`);
    }
    return o;
  }

  affine(a: Tensor, alpha: number, beta = 0, out?: Tensor): Tensor {
    checkFinite('affine', 'alpha', alpha);
    checkFinite('affine', 'beta', beta);
    const o = this.target('affine', a, a.rows, a.cols, out);
    const x = this.data(a);
    const z = this.data(o);
    for (let i = 0; i < x.length; i++) z[i] = alpha * x[i]! + beta;
    return o;
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): Tensor {
    checkFinite('axpby', 'alpha', alpha);
    checkFinite('axpby', 'beta', beta);
    checkOwnership('axpby', this, x, y);
    checkSameShape('axpby', x, y);
    const xs = this.data(x);
    const ys = this.data(y);
    if (beta === 1) for (let i = 0; i < xs.length; i++) ys[i] = ys[i]! + alpha * xs[i]!;
    else for (let i = 0; i < xs.length; i++) ys[i] = alpha * xs[i]! + beta * ys[i]!;
    return y;
  }

  clip(a: Tensor, lo: number, hi: number, out?: Tensor): Tensor {
    checkClipBounds(lo, hi);
    const o = this.target('clip', a, a.rows, a.cols, out);
    const x = this.data(a);
    const z = this.data(o);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      z[i] = v < lo ? lo : v > hi ? hi : v;
    }
    return o;
  }

  activation(kind: ActivationKind, z: Tensor, out?: Tensor, param?: number): Tensor {
    checkKind(kind);
    if (param !== undefined) checkFinite(kind, 'param', param);
    const o = this.target(kind, z, z.rows, z.cols, out);
    activationForward(kind, this.data(z), this.data(o), z.cols, param ?? DEFAULT_LEAKY_SLOPE);
    return o;
  }

  activationGrad(
    kind: ActivationKind,
    z: Tensor,
    dA: Tensor,
    out?: Tensor,
    param?: number,
  ): Tensor {
    checkKind(kind);
    if (param !== undefined) checkFinite(`${kind}Grad`, 'param', param);
    checkOwnership(`${kind}Grad`, this, z, dA);
    checkSameShape(`${kind}Grad`, z, dA, 'z and dA');
    const o = this.target(`${kind}Grad`, z, z.rows, z.cols, out);
    const slope = param ?? DEFAULT_LEAKY_SLOPE;
    activationBackward(kind, this.data(z), this.data(dA), this.data(o), z.cols, slope);
    return o;
  }

  sliceRows(a: Tensor, start: number, end: number, out?: Tensor): Tensor {
    checkRowRange('sliceRows', a, start, end, true);
    const o = this.target('sliceRows', a, end - start, a.cols, out);
    if (o === a) throw new ValueError('sliceRows: out must not be the input');
    this.data(o).set(this.data(a).subarray(start * a.cols, end * a.cols));
    return o;
  }

  concatRows(top: Tensor, bottom: Tensor, out?: Tensor): Tensor {
    checkOwnership('concatRows', this, top, bottom);
    checkConcatRows(top, bottom);
    const o = this.target('concatRows', top, top.rows + bottom.rows, top.cols, out);
    if (o === top || o === bottom) throw new ValueError('concatRows: out must not be an input');
    const z = this.data(o);
    z.set(this.data(top), 0);
    z.set(this.data(bottom), top.size);
    return o;
  }

  fill(t: Tensor, value: number, rowStart = 0, rowEnd = t.rows): Tensor {
    checkOwnership('fill', this, t);
    if (Number.isNaN(value)) throw new ValueError('fill: value is NaN');
    checkRowRange('fill', t, rowStart, rowEnd, false);
    this.data(t).fill(value, rowStart * t.cols, rowEnd * t.cols);
    return t;
  }

  copy(src: Tensor, dst: Tensor): Tensor {
    checkOwnership('copy', this, src, dst);
    checkSameShape('copy', src, dst, 'src and dst');
    if (src !== dst) this.data(dst).set(this.data(src));
    return dst;
  }

  crossEntropy(logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult {
    checkCrossEntropy('crossEntropy', this, logits, targets, floor);
    return this.crossEntropyKernels.loss(this, logits, targets, floor);
  }

  crossEntropyGrad(logits: Tensor, targets: Tensor, out?: Tensor): Tensor {
    checkCrossEntropy('crossEntropyGrad', this, logits, targets, undefined, out);
    const o = out ?? this.zeros(logits.rows, logits.cols, logits.dtype);
    return this.crossEntropyKernels.grad(this, logits, targets, o);
  }

  softmaxCols(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('softmaxCols', a, a.rows, a.cols, out);
    if (o === a) throw new ValueError('softmaxCols: out must not be the input');
    const x = this.data(a);
    const z = this.data(o);
    const { rows, cols } = a;
    // Column j: subtract its max (Eq. 4.4 is unchanged by a shift), exponentiate, normalise.
    // Walked row by row so that every inner loop is contiguous.
    const colMax = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = x[i * cols + j]!;
        if (v > colMax[j]!) colMax[j] = v;
      }
    }
    const colSum = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(x[i * cols + j]! - colMax[j]!);
        z[i * cols + j] = e;
        colSum[j] = colSum[j]! + e;
      }
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) z[i * cols + j] = z[i * cols + j]! / colSum[j]!;
    }
    return o;
  }

  argmaxCols(a: Tensor): Int32Array {
    checkOwnership('argmaxCols', this, a);
    const x = this.data(a);
    const { rows, cols } = a;
    const best = new Int32Array(cols);
    for (let j = 0; j < cols; j++) {
      let arg = 0;
      let max = x[j]!;
      for (let i = 1; i < rows; i++) {
        const v = x[i * cols + j]!;
        if (v > max) {
          max = v;
          arg = i;
        }
      }
      best[j] = arg;
    }
    return best;
  }

  sumRows(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('sumRows', a, a.rows, 1, out);
    const x = this.data(a);
    const z = this.data(o);
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += x[i * a.cols + j]!;
      z[i] = s;
    }
    return o;
  }

  sumCols(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('sumCols', a, 1, a.cols, out);
    const x = this.data(a);
    const acc = new Float64Array(a.cols);
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < a.cols; j++) acc[j] = acc[j]! + x[i * a.cols + j]!;
    }
    this.data(o).set(acc);
    return o;
  }

  sum(a: Tensor): number {
    checkOwnership('sum', this, a);
    const x = this.data(a);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    return s;
  }

  dot(a: Tensor, b: Tensor): number {
    checkOwnership('dot', this, a, b);
    checkSameShape('dot', a, b);
    const x = this.data(a);
    const y = this.data(b);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  }

  norm(a: Tensor): number {
    const squares = this.dot(a, a);
    if (squares > 1e-290 && squares < 1e290) return Math.sqrt(squares);
    // Σx² overflowed or underflowed (|x| beyond ~1e145 or below ~1e-145): rescale by the
    // largest magnitude first, as BLAS nrm2 does, so that a finite tensor has a finite norm.
    const x = this.data(a);
    let scale = 0;
    for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]!));
    if (scale === 0 || !Number.isFinite(scale)) return scale === 0 ? 0 : scale;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]! / scale;
      s += v * v;
    }
    return scale * Math.sqrt(s);
  }

  min(a: Tensor): number {
    checkOwnership('min', this, a);
    const x = this.data(a);
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v < m) m = v;
      else if (Number.isNaN(v)) return v;
    }
    return m;
  }

  max(a: Tensor): number {
    checkOwnership('max', this, a);
    const x = this.data(a);
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v > m) m = v;
      else if (Number.isNaN(v)) return v;
    }
    return m;
  }
}

function checkKind(kind: ActivationKind): void {
  if (!ACTIVATION_KINDS.includes(kind)) {
    throw new ValueError(
      `activation: unknown kind ${JSON.stringify(kind)}; known: ${ACTIVATION_KINDS.join(', ')}`,
    );
  }
}

/** The factory the registry calls for `setBackend('cpu')` (options: `CpuBackendOptions`). */
export function createCpuBackend(options?: Record<string, unknown>): Backend {
  return new CpuBackend(options as CpuBackendOptions | undefined);
}

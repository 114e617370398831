import type { ActivationKind, Backend, BinaryOp, UnaryOp } from '../backend.js';
import { checkedBackend } from '../door.js';
import { DTYPES, type DType, type HostArray, hostArray } from '../dtype.js';
import type { BackendKernels, MatmulSettings } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import { activationBackward, activationForward } from './activations.js';
import type { Gemm } from './gemm.js';
import { type CpuKernels, type CpuKernelsOption, selectKernels } from './select-kernels.js';

export interface CpuBackendOptions {
  /**
   * The matmul kernels: `wasm-relaxed` (WebAssembly relaxed SIMD, fused multiply-add),
   * `wasm-simd` (WebAssembly SIMD; `wasm` is its older name), `js` (plain TypeScript), or
   * `auto` (the default: the first of these the engine has). A named variant the engine lacks
   * is an error. wasm-simd and js give float64 results bit-identical to the textbook loop for
   * alpha = 1, beta = 0; wasm-relaxed rounds each multiply-add once, so its results differ in
   * the last bits.
   */
  kernels?: CpuKernelsOption;
}

/**
 * The CPU backend's kernels: typed arrays (Float64Array or Float32Array), row-major; a tensor's
 * handle is its typed array. Matrix products run on WebAssembly SIMD kernels where the engine
 * has them (compiled from assembly/kernels.ts), else on the TypeScript ones; everything else is
 * TypeScript. Calls arrive checked (BackendKernels); use it through `createCpuBackend()` or
 * `checkedBackend(new CpuBackend())`.
 */
export class CpuBackend implements BackendKernels {
  readonly name = 'cpu';
  readonly dtypes = DTYPES;
  readonly defaultDType: DType = 'float64';
  /** The matmul kernels in use. */
  readonly kernels: CpuKernels;
  /**
   * Why these kernels: asked for by the `kernels` option, or, under `auto`, why a faster variant
   * was not used (no WebAssembly, no SIMD or relaxed SIMD, blocked by a Content Security Policy, …).
   */
  readonly kernelsReason: string;
  /** The matmul of each dtype; a subclass may wrap them (e.g. `@mfnet/tensor/node`'s threads). */
  protected gemm64: Gemm;
  protected gemm32: Gemm;

  constructor(options: CpuBackendOptions = {}) {
    const { kernels, reason, gemm64, gemm32 } = selectKernels(options.kernels);
    this.kernels = kernels;
    this.kernelsReason = reason;
    this.gemm64 = gemm64;
    this.gemm32 = gemm32;
  }

  /** The typed array behind `t` (the CPU backend's storage), for code that lives on the CPU. */
  data(t: Tensor): HostArray {
    return t.handle as HostArray;
  }

  allocate(rows: number, cols: number, dtype: DType): HostArray {
    return hostArray(dtype, rows * cols);
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    this.data(t).set(data);
  }

  read(t: Tensor): HostArray {
    return this.data(t).slice();
  }

  dispose(_t: Tensor): void {
    // Typed arrays are freed by the garbage collector.
  }

  matmul(a: Tensor, b: Tensor, s: MatmulSettings, c: Tensor): void {
    const K = s.transA ? a.rows : a.cols;
    const gemm = a.dtype === 'float64' ? this.gemm64 : this.gemm32;
    gemm(
      s.transA,
      s.transB,
      c.rows,
      c.cols,
      K,
      s.alpha,
      this.data(a),
      this.data(b),
      s.beta,
      this.data(c),
    );
    if (s.zeroRow0) this.data(c).fill(0, 0, c.cols);
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor, o: Tensor): void {
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
    }
  }

  unary(op: UnaryOp, a: Tensor, o: Tensor): void {
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
    }
  }

  affine(a: Tensor, alpha: number, beta: number, o: Tensor): void {
    const x = this.data(a);
    const z = this.data(o);
    for (let i = 0; i < x.length; i++) z[i] = alpha * x[i]! + beta;
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): void {
    const xs = this.data(x);
    const ys = this.data(y);
    if (beta === 1) for (let i = 0; i < xs.length; i++) ys[i] = ys[i]! + alpha * xs[i]!;
    else for (let i = 0; i < xs.length; i++) ys[i] = alpha * xs[i]! + beta * ys[i]!;
  }

  clip(a: Tensor, lo: number, hi: number, o: Tensor): void {
    const x = this.data(a);
    const z = this.data(o);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      z[i] = v < lo ? lo : v > hi ? hi : v;
    }
  }

  activation(kind: ActivationKind, z: Tensor, o: Tensor, slope: number): void {
    activationForward(kind, this.data(z), this.data(o), z.cols, slope);
  }

  activationGrad(kind: ActivationKind, z: Tensor, dA: Tensor, o: Tensor, slope: number): void {
    activationBackward(kind, this.data(z), this.data(dA), this.data(o), z.cols, slope);
  }

  sliceRows(a: Tensor, start: number, end: number, o: Tensor): void {
    this.data(o).set(this.data(a).subarray(start * a.cols, end * a.cols));
  }

  concatRows(top: Tensor, bottom: Tensor, o: Tensor): void {
    const z = this.data(o);
    z.set(this.data(top), 0);
    z.set(this.data(bottom), top.size);
  }

  fill(t: Tensor, value: number, rowStart: number, rowEnd: number): void {
    this.data(t).fill(value, rowStart * t.cols, rowEnd * t.cols);
  }

  copy(src: Tensor, dst: Tensor): void {
    this.data(dst).set(this.data(src));
  }

  softmaxCols(a: Tensor, o: Tensor): void {
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
  }

  argmaxCols(a: Tensor): Int32Array {
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

  sumRows(a: Tensor, o: Tensor): void {
    const x = this.data(a);
    const z = this.data(o);
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += x[i * a.cols + j]!;
      z[i] = s;
    }
  }

  sumCols(a: Tensor, o: Tensor): void {
    const x = this.data(a);
    const acc = new Float64Array(a.cols);
    for (let i = 0; i < a.rows; i++) {
      for (let j = 0; j < a.cols; j++) acc[j] = acc[j]! + x[i * a.cols + j]!;
    }
    this.data(o).set(acc);
  }

  sum(a: Tensor): number {
    const x = this.data(a);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]!;
    return s;
  }

  dot(a: Tensor, b: Tensor): number {
    const x = this.data(a);
    const y = this.data(b);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
    return s;
  }

  min(a: Tensor): number {
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

/** The checked CPU backend; the registry calls it for `setBackend('cpu', CpuBackendOptions)`. */
export function createCpuBackend(options?: Record<string, unknown>): Backend {
  return checkedBackend(new CpuBackend(options as CpuBackendOptions | undefined));
}

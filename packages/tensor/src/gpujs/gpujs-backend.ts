import type { GPU, IKernelRunShortcut } from 'gpu.js';
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
import { assertDType, type DType } from '../dtype.js';
import { BackendError, DTypeError, formatShape, ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor.js';
import {
  adoptEngine,
  chooseEngine,
  type GpujsEngine,
  type GpujsEngineRequest,
  readValue,
} from './engine.js';
import * as src from './kernel-sources.js';

const DEFAULT_LEAKY_SLOPE = 0.01;

/** The engines that store tensors as textures; packed operands pay off there. */
const GL_ENGINES: ReadonlySet<GpujsEngine> = new Set(['headlessgl', 'webgl2', 'webgl']);

/** Below this inner size, packing the operands costs more than it saves. */
const PACKED_MATMUL_MIN_K = 8;

/**
 * From this many multiply-adds (M·N·K) on, a packed product computes 2×2 blocks per thread (half
 * the fetches again) at the cost of one more kernel to lay the blocks out as rows.
 */
const BLOCKED_MATMUL_MIN_WORK = 2 ** 16;

/** Options of `setBackend('gpujs', options)` / `createGpujsBackend(options)`. */
export interface GpujsBackendOptions {
  /** A gpu.js engine, or `auto` (the default): the best one that works here. */
  engine?: GpujsEngineRequest;
  /**
   * A gpu.js instance to run on instead (its engine is then the backend's): backends made with
   * one share its GL context, of which browsers allow only a few at a time.
   */
  gpu?: GPU;
  /**
   * Whether products pack their operands four along K into RGBA texels (a quarter of the texture
   * fetches). Default: on the GL engines, where fetches are the cost; tests turn it on elsewhere.
   */
  packedProducts?: boolean;
}

/** Counters, for tests and benchmarks: what crossed between host and device, what compiled. */
export interface GpujsStats {
  /** Kernels compiled (one per operation and shape, then reused). */
  kernelsCompiled: number;
  /** Kernel launches. */
  kernelRuns: number;
  /**
   * Kernel results alive now: textures on the GL engines, arrays on cpu and webasm. Each tensor
   * holds at most one (a tensor of zeros none until a kernel reads it); temporaries are released
   * by the operation that made them.
   */
  liveTextures: number;
  /** Host → device copies (fromHost, write). */
  uploads: number;
  /** Device → host copies, and how many elements they carried in all. */
  reads: number;
  elementsRead: number;
}

/**
 * A tensor's storage on this backend: the result of the kernel that last wrote it, a texture
 * (GL engines) or a float32 array (cpu, webasm). Kernels never write in place: each run makes
 * a new result and the tensor's storage is swapped to it, which is also how `out` may be an
 * input (a gpu.js kernel cannot take its own output as input).
 */
interface Storage {
  value: unknown;
  disposed: boolean;
  /**
   * Every element is +0. `fill(t, 0)` only sets this (zeroGrad costs no kernel); the zeros are
   * made when a kernel reads the tensor, and a product accumulating into it skips reading them.
   */
  zero: boolean;
  /** Row 0 is +0 (set by the kernels that make it so): `fill(t, 0, 0, 1)` is then a no-op. */
  row0Zero: boolean;
}

/** What a kernel's compiled code depends on in an argument: its kind and, for arrays, its size. */
function argumentKey(arg: unknown): string {
  if (typeof arg === 'number') return 'n';
  if (arg instanceof Float32Array) return `a${arg.length}`;
  // A packed result on the cpu/webasm engines: an array of 4-element arrays.
  if (Array.isArray(arg)) return `v${arg.length}`;
  const output = (arg as { output?: ArrayLike<number> } | undefined)?.output;
  if (output !== undefined) return `t${Array.from(output).join('x')}`;
  throw new BackendError(`gpujs: a kernel argument is ${Object.prototype.toString.call(arg)}`);
}

/** Deletes a gpu.js texture; typed arrays (cpu, webasm) are left to the garbage collector. */
function deleteTexture(value: unknown): void {
  const texture = value as { delete?: () => void };
  if (typeof texture.delete === 'function') texture.delete();
}

/** How many compiled kernels are kept; the least recently used one is destroyed past this. */
const KERNELS_KEPT = 256;

/**
 * The gpu.js backend: every operation is a gpu.js kernel, run in pipeline mode so that results
 * stay on the device (as textures with GL) until `read` or a reduction asks for them. float32
 * only, since gpu.js computes in single precision.
 */
export class GpujsBackend implements Backend {
  readonly name = 'gpujs';
  readonly dtypes: readonly DType[] = ['float32'];
  /** The engine that runs the kernels, checked (gpu.js may not give the one asked for). */
  readonly engine: GpujsEngine;
  /** With `auto`: why each better engine was passed over. */
  readonly skippedEngines: readonly string[];
  /** The gpu.js instance, for code that wants to add kernels of its own. */
  readonly gpu: GPU;
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  /** Whether products go through packed (RGBA) operands: on the GL engines, where it pays. */
  private readonly packs: boolean;
  private readonly counters: GpujsStats = {
    kernelsCompiled: 0,
    kernelRuns: 0,
    liveTextures: 0,
    uploads: 0,
    reads: 0,
    elementsRead: 0,
  };

  constructor(options: GpujsBackendOptions = {}) {
    const chosen =
      options.gpu === undefined ? chooseEngine(options.engine ?? 'auto') : adoptEngine(options.gpu);
    this.gpu = chosen.gpu;
    this.engine = chosen.engine;
    this.skippedEngines = chosen.skipped;
    if (options.packedProducts === true && this.engine === 'webasm') {
      throw new ValueError(
        "gpujs: packedProducts needs an engine with vector values ('webgl2', 'webgl', " +
          "'headlessgl' or 'cpu'); gpu.js's 'webasm' has none",
      );
    }
    this.packs = options.packedProducts ?? GL_ENGINES.has(this.engine);
  }

  /** A copy of the counters. */
  stats(): GpujsStats {
    return { ...this.counters };
  }

  /** Frees every kernel and texture of this backend; its tensors are unusable afterwards. */
  destroy(): Promise<void> {
    this.kernels.clear();
    return this.gpu.destroy();
  }

  // ---- kernels -------------------------------------------------------------------------

  /**
   * Runs the kernel of `source` with `size` outputs on `args`. A kernel is compiled on first use
   * for its output size and the sizes of its array arguments (gpu.js bakes both in), then reused.
   */
  private run(source: string, size: number, ...args: unknown[]): unknown {
    return this.launch(source, size, false, args);
  }

  /** `run` for a kernel that returns four numbers per thread (an RGBA texel: packed storage). */
  private runPacked(source: string, size: number, ...args: unknown[]): unknown {
    return this.launch(source, size, true, args);
  }

  private launch(source: string, size: number, packed: boolean, args: unknown[]): unknown {
    const key = `${size}|${packed ? 'p4' : ''}|${args.map(argumentKey).join(',')}|${source}`;
    let kernel = this.kernels.get(key);
    if (kernel !== undefined) {
      // Most recently used last, so that the first key is the one to evict.
      this.kernels.delete(key);
      this.kernels.set(key, kernel);
    } else {
      kernel = this.gpu.createKernel(source, {
        output: [size],
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        ...(packed ? { returnType: 'Array(4)' as const } : {}),
      });
      this.kernels.set(key, kernel);
      this.counters.kernelsCompiled++;
      if (this.kernels.size > KERNELS_KEPT) this.evictOldestKernel();
    }
    this.counters.kernelRuns++;
    this.counters.liveTextures++;
    return (kernel as unknown as (...a: unknown[]) => unknown)(...args);
  }

  /**
   * Destroys the least recently used kernel (its program and output texture; results it handed
   * out hold their own reference and stay valid), so that many batch sizes do not pile up.
   */
  private evictOldestKernel(): void {
    const [key, kernel] = this.kernels.entries().next().value as [string, IKernelRunShortcut];
    this.kernels.delete(key);
    (kernel as unknown as { destroy?: (removeCanvasReference?: boolean) => void }).destroy?.(false);
  }

  private storage(t: Tensor): Storage {
    const s = t.handle as Storage;
    if (s.disposed) {
      throw new BackendError(`gpujs: a ${formatShape(t.shape)} tensor was used after dispose()`);
    }
    return s;
  }

  /** What kernels take for `t` (its zeros made now if `fill` only marked them). */
  private value(t: Tensor): unknown {
    const s = this.storage(t);
    if (s.value === undefined && s.zero) s.value = this.run(src.constantSource, t.size, 0);
    return s.value;
  }

  /**
   * Makes `value` the storage of `t`, releasing what it held; `row0Zero` says whether the kernel
   * that made it leaves row 0 all +0.
   */
  private assign(t: Tensor, value: unknown, row0Zero = false): Tensor {
    const s = this.storage(t);
    const old = s.value;
    s.value = value;
    s.zero = false;
    s.row0Zero = row0Zero;
    if (old !== value) this.release(old);
    return t;
  }

  /** Marks `t` all +0 without a kernel (see Storage.zero). */
  private assignZero(t: Tensor): Tensor {
    const s = this.storage(t);
    this.release(s.value);
    s.value = undefined;
    s.zero = true;
    s.row0Zero = true;
    return t;
  }

  /** Releases a kernel result (a texture on GL) that nothing holds any more. */
  private release(value: unknown): void {
    if (value === undefined || value === null) return;
    this.counters.liveTextures--;
    deleteTexture(value);
  }

  // ---- storage -------------------------------------------------------------------------

  private checkDType(op: string, dtype: unknown): DType {
    const d = assertDType(dtype);
    if (d !== 'float32') {
      throw new DTypeError(
        `${op}: the gpujs backend stores float32 only (gpu.js computes in single precision), ` +
          `not ${d}; pass dtype 'float32'`,
      );
    }
    return d;
  }

  private checkSize(op: string, rows: number, cols: number): void {
    if (rows * cols > src.MAX_ELEMENTS) {
      throw new ShapeError(
        `${op}: ${formatShape([rows, cols])} has ${rows * cols} elements; the gpujs backend holds ` +
          `at most 2^24 = ${src.MAX_ELEMENTS} per tensor (GPU indices are float32); split it`,
      );
    }
  }

  /** A tensor with no storage yet: the caller assigns it. */
  private make(op: string, rows: number, cols: number): Tensor {
    this.checkSize(op, rows, cols);
    const storage: Storage = { value: undefined, disposed: false, zero: false, row0Zero: false };
    return new Tensor(this, rows, cols, 'float32', storage);
  }

  /** `out` checked for shape and ownership, or a new tensor shaped like the result. */
  private target(op: string, like: Tensor, rows: number, cols: number, out?: Tensor): Tensor {
    if (out === undefined) {
      checkOwnership(op, this, like);
      return this.make(op, rows, cols);
    }
    checkOwnership(op, this, like, out);
    checkOut(op, out, rows, cols);
    return out;
  }

  zeros(rows: number, cols: number, dtype: DType = 'float32'): Tensor {
    checkDims('zeros', rows, cols);
    this.checkDType('zeros', dtype);
    return this.assignZero(this.make('zeros', rows, cols));
  }

  fromHost(data: ArrayLike<number>, rows: number, cols: number, dtype: DType = 'float32'): Tensor {
    checkDims('fromHost', rows, cols);
    this.checkDType('fromHost', dtype);
    const t = this.make('fromHost', rows, cols);
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
    this.counters.uploads++;
    this.assign(t, this.run(src.copySource, t.size, Float32Array.from(data)));
  }

  read(t: Tensor): Float32Array {
    checkOwnership('read', this, t);
    return this.readAll(t.size, this.value(t));
  }

  /** The first `size` elements of a kernel result, as a fresh array. */
  private readAll(size: number, value: unknown): Float32Array {
    this.counters.reads++;
    this.counters.elementsRead += size;
    return readValue(value).slice(0, size);
  }

  dispose(t: Tensor): void {
    checkOwnership('dispose', this, t);
    const s = t.handle as Storage;
    if (s.disposed) return;
    this.release(s.value);
    s.value = undefined;
    s.zero = false;
    s.disposed = true;
  }

  // ---- linear algebra ------------------------------------------------------------------

  matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}, out?: Tensor): Tensor {
    const { transA, transB, alpha, zeroRow0, M, N, K, ...rest } = matmulArgs(this, a, b, options);
    const c = this.target('matmul', a, M, N, out);
    if (c === a || c === b) throw new ValueError('matmul: out must not be one of the operands');
    // Accumulating into zeros (a gradient after zeroGrad) is the product alone: skip reading out.
    const beta = this.storage(c).zero ? 0 : rest.beta;
    // beta = 0 ignores out's old contents (even NaN), so that kernel does not read them.
    const old = beta === 0 ? [] : [this.value(c), beta];
    const shape = { M, N, K, withC: beta !== 0, zeroRow0 };
    let result: unknown;
    if (this.packs && K >= PACKED_MATMUL_MIN_K && M * N * K >= BLOCKED_MATMUL_MIN_WORK) {
      // Packed operands with even row and column counts (zero padding), 2×2 blocks, then out.
      const K4 = Math.ceil(K / 4);
      const [MB, NB] = [Math.ceil(M / 2), Math.ceil(N / 2)];
      const pa = this.runPacked(src.packRowsSource(M, K, transA), 2 * MB * K4, this.value(a));
      const pb = this.runPacked(src.packColsSource(K, N, transB), 2 * NB * K4, this.value(b));
      const blocks = this.runPacked(src.blockedMatmulSource(K, N), MB * NB, pa, pb);
      this.release(pa);
      this.release(pb);
      result = this.run(src.unblockSource(shape), M * N, blocks, alpha, ...old);
      this.release(blocks);
    } else if (this.packs && K >= PACKED_MATMUL_MIN_K) {
      const K4 = Math.ceil(K / 4);
      const pa = this.runPacked(src.packRowsSource(M, K, transA), M * K4, this.value(a));
      const pb = this.runPacked(src.packColsSource(K, N, transB), N * K4, this.value(b));
      result = this.run(src.packedMatmulSource(shape), M * N, pa, pb, alpha, ...old);
      this.release(pa);
      this.release(pb);
    } else {
      const source = src.matmulSource(shape, transA, transB);
      result = this.run(source, M * N, this.value(a), this.value(b), alpha, ...old);
    }
    return this.assign(c, result, zeroRow0);
  }

  // ---- element-wise ----------------------------------------------------------------------

  binary(op: BinaryOp, a: Tensor, b: Tensor, out?: Tensor): Tensor {
    checkOwnership(op, this, a, b);
    checkSameShape(op, a, b);
    if (!(op in BINARY_OPS)) throw new ValueError(`binary: unknown op ${JSON.stringify(op)}`);
    const o = this.target(op, a, a.rows, a.cols, out);
    return this.assign(o, this.run(src.binarySource(op), a.size, this.value(a), this.value(b)));
  }

  unary(op: UnaryOp, a: Tensor, out?: Tensor): Tensor {
    const o = this.target(op, a, a.rows, a.cols, out);
    if (!(op in UNARY_OPS)) throw new ValueError(`unary: unknown op ${JSON.stringify(op)}`);
    return this.assign(o, this.run(src.unarySource(op), a.size, this.value(a)));
  }

  affine(a: Tensor, alpha: number, beta = 0, out?: Tensor): Tensor {
    checkFinite('affine', 'alpha', alpha);
    checkFinite('affine', 'beta', beta);
    const o = this.target('affine', a, a.rows, a.cols, out);
    return this.assign(o, this.run(src.affineSource, a.size, this.value(a), alpha, beta));
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): Tensor {
    checkFinite('axpby', 'alpha', alpha);
    checkFinite('axpby', 'beta', beta);
    checkOwnership('axpby', this, x, y);
    checkSameShape('axpby', x, y);
    const result = this.run(src.axpbySource, x.size, this.value(x), this.value(y), alpha, beta);
    return this.assign(y, result);
  }

  clip(a: Tensor, lo: number, hi: number, out?: Tensor): Tensor {
    checkClipBounds(lo, hi);
    const o = this.target('clip', a, a.rows, a.cols, out);
    // float32 bounds: ±Infinity and out-of-range values clip as they would after rounding.
    const result = this.run(
      src.clipSource,
      a.size,
      this.value(a),
      Math.fround(lo),
      Math.fround(hi),
    );
    return this.assign(o, result);
  }

  // ---- activations (bias-row aware, Sec. 3.2) ---------------------------------------------

  activation(kind: ActivationKind, z: Tensor, out?: Tensor, param?: number): Tensor {
    checkKind(kind);
    if (param !== undefined) checkFinite(kind, 'param', param);
    const o = this.target(kind, z, z.rows, z.cols, out);
    const slope = param ?? DEFAULT_LEAKY_SLOPE;
    const result = this.run(src.activationSource(kind, z.cols), z.size, this.value(z), slope);
    return this.assign(o, result);
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
    const source = src.activationGradSource(kind, z.cols);
    return this.assign(o, this.run(source, z.size, this.value(z), this.value(dA), slope), true);
  }

  // ---- rows: the bias row ----------------------------------------------------------------

  sliceRows(a: Tensor, start: number, end: number, out?: Tensor): Tensor {
    checkRowRange('sliceRows', a, start, end, true);
    const o = this.target('sliceRows', a, end - start, a.cols, out);
    if (o === a) throw new ValueError('sliceRows: out must not be the input');
    const result = this.run(src.sliceSource(start * a.cols), o.size, this.value(a));
    return this.assign(o, result);
  }

  concatRows(top: Tensor, bottom: Tensor, out?: Tensor): Tensor {
    checkOwnership('concatRows', this, top, bottom);
    checkConcatRows(top, bottom);
    const o = this.target('concatRows', top, top.rows + bottom.rows, top.cols, out);
    if (o === top || o === bottom) throw new ValueError('concatRows: out must not be an input');
    const source = src.concatSource(top.size);
    return this.assign(o, this.run(source, o.size, this.value(top), this.value(bottom)));
  }

  fill(t: Tensor, value: number, rowStart = 0, rowEnd = t.rows): Tensor {
    checkOwnership('fill', this, t);
    if (Number.isNaN(value)) throw new ValueError('fill: value is NaN');
    checkRowRange('fill', t, rowStart, rowEnd, false);
    if (rowEnd === rowStart) return t;
    const v = Math.fround(value);
    const s = this.storage(t);
    const zero = Object.is(v, 0);
    if (zero && rowStart === 0 && rowEnd === t.rows) return this.assignZero(t);
    // Zeros where there are zeros already: nothing to do (the optimizer's row-0 fill).
    if (zero && (s.zero || (s.row0Zero && rowStart === 0 && rowEnd === 1))) return t;
    const row0Zero = rowStart === 0 ? zero : s.row0Zero;
    if (rowStart === 0 && rowEnd === t.rows) {
      return this.assign(t, this.run(src.constantSource, t.size, v), row0Zero);
    }
    const source = src.fillRangeSource(rowStart * t.cols, rowEnd * t.cols);
    return this.assign(t, this.run(source, t.size, this.value(t), v), row0Zero);
  }

  copy(srcTensor: Tensor, dst: Tensor): Tensor {
    checkOwnership('copy', this, srcTensor, dst);
    checkSameShape('copy', srcTensor, dst, 'src and dst');
    if (srcTensor === dst) return dst;
    return this.assign(dst, this.run(src.copySource, dst.size, this.value(srcTensor)));
  }

  // ---- columns: samples --------------------------------------------------------------------

  softmaxCols(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('softmaxCols', a, a.rows, a.cols, out);
    if (o === a) throw new ValueError('softmaxCols: out must not be the input');
    const x = this.value(a);
    // Column max, then Σ exp(x − max), then the quotient: three passes, all on the device.
    const max = this.run(src.colMaxSource(a.rows, a.cols), a.cols, x);
    const sum = this.run(src.colExpSumSource(a.rows, a.cols), a.cols, x, max);
    const result = this.run(src.softmaxSource(a.cols), a.size, x, max, sum);
    this.release(max);
    this.release(sum);
    return this.assign(o, result);
  }

  // ---- the softmax cross-entropy loss, fused ---------------------------------------------

  /** Two kernels (per-column pieces, then the three totals) and one read-back of 3 numbers. */
  crossEntropy(logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult {
    checkCrossEntropy('crossEntropy', this, logits, targets, floor);
    const C = logits.rows - 1;
    const m = logits.cols;
    const columns = this.run(
      src.crossEntropyColumnsSource(C, m),
      3 * m,
      this.value(logits),
      this.value(targets),
      Math.fround(floor) || 2 ** -126,
    );
    const totals = this.run(src.crossEntropyTotalsSource(m), 3, columns);
    this.release(columns);
    const [loss, maxColumnDeviation, minTarget] = this.readAll(3, totals);
    this.release(totals);
    return { loss: loss!, minTarget: minTarget!, maxColumnDeviation: maxColumnDeviation! };
  }

  /** One kernel: each thread recomputes its column's softmax (C is small: the classes). */
  crossEntropyGrad(logits: Tensor, targets: Tensor, out?: Tensor): Tensor {
    checkCrossEntropy('crossEntropyGrad', this, logits, targets, undefined, out);
    const o = out ?? this.make('crossEntropyGrad', logits.rows, logits.cols);
    const source = src.crossEntropyGradSource(logits.rows - 1, logits.cols);
    const invM = 1 / logits.cols;
    const result = this.run(source, o.size, this.value(logits), this.value(targets), invM);
    return this.assign(o, result, true);
  }

  argmaxCols(a: Tensor): Int32Array {
    checkOwnership('argmaxCols', this, a);
    const rows = this.run(src.argmaxSource(a.rows, a.cols), a.cols, this.value(a));
    const got = this.readAll(a.cols, rows);
    this.release(rows);
    return Int32Array.from(got);
  }

  // ---- reductions ------------------------------------------------------------------------

  sumRows(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('sumRows', a, a.rows, 1, out);
    return this.assign(o, this.run(src.sumRowsSource(a.cols), a.rows, this.value(a)));
  }

  sumCols(a: Tensor, out?: Tensor): Tensor {
    const o = this.target('sumCols', a, 1, a.cols, out);
    return this.assign(o, this.run(src.sumColsSource(a.rows, a.cols), a.cols, this.value(a)));
  }

  /**
   * A reduction to one number, on the device: each pass combines chunks of REDUCE_CHUNK
   * elements, until one is left; only that one is read back.
   */
  private reduce(kind: src.ReduceKind, n: number, ...args: unknown[]): number {
    let size = Math.ceil(n / src.REDUCE_CHUNK);
    let partial = this.run(src.reduceSource(kind, n), size, ...args);
    const combine: src.ReduceKind =
      kind === 'min' ? 'min' : kind === 'max' || kind === 'maxAbs' ? 'max' : 'sum';
    while (size > 1) {
      const next = Math.ceil(size / src.REDUCE_CHUNK);
      const reduced = this.run(src.reduceSource(combine, size), next, partial);
      this.release(partial);
      partial = reduced;
      size = next;
    }
    const value = this.readAll(1, partial)[0]!;
    this.release(partial);
    return value;
  }

  sum(a: Tensor): number {
    checkOwnership('sum', this, a);
    return this.reduce('sum', a.size, this.value(a));
  }

  dot(a: Tensor, b: Tensor): number {
    checkOwnership('dot', this, a, b);
    checkSameShape('dot', a, b);
    return this.reduce('dot', a.size, this.value(a), this.value(b));
  }

  norm(a: Tensor): number {
    const squares = this.dot(a, a);
    if (squares > 1e-30 && squares < 1e38) return Math.sqrt(squares);
    // Σx² overflowed or underflowed float32: rescale by the largest magnitude first, as BLAS
    // nrm2 does, so that a finite tensor has a finite norm.
    const scale = this.reduce('maxAbs', a.size, this.value(a));
    if (scale === 0 || !Number.isFinite(scale)) return scale;
    return scale * Math.sqrt(this.reduce('scaledSquares', a.size, this.value(a), scale));
  }

  min(a: Tensor): number {
    checkOwnership('min', this, a);
    return this.reduce('min', a.size, this.value(a));
  }

  max(a: Tensor): number {
    checkOwnership('max', this, a);
    return this.reduce('max', a.size, this.value(a));
  }
}

const BINARY_OPS: Record<BinaryOp, true> = { add: true, sub: true, mul: true, div: true };
const UNARY_OPS: Record<UnaryOp, true> = {
  exp: true,
  log: true,
  sqrt: true,
  neg: true,
  abs: true,
  square: true,
};

function checkKind(kind: ActivationKind): void {
  if (!ACTIVATION_KINDS.includes(kind)) {
    throw new ValueError(
      `activation: unknown kind ${JSON.stringify(kind)}; known: ${ACTIVATION_KINDS.join(', ')}`,
    );
  }
}

/** The factory the registry calls for `setBackend('gpujs', { engine })`. */
export function createGpujsBackend(options?: Record<string, unknown>): GpujsBackend {
  return new GpujsBackend(options as GpujsBackendOptions | undefined);
}

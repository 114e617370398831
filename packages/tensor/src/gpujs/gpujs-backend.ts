import type { GPU, IKernelRunShortcut } from 'gpu.js';
import type { ActivationKind, Backend, BinaryOp, CrossEntropyResult, UnaryOp } from '../backend.js';
import { checkedBackend } from '../door.js';
import type { DType } from '../dtype.js';
import { BackendError, formatShape, ValueError } from '../errors.js';
import type { BackendKernels, MatmulSettings } from '../kernels.js';
import type { Tensor } from '../tensor.js';
import * as blk from './block-sources.js';
import {
  adoptEngine,
  chooseEngine,
  type GpujsEngine,
  type GpujsEngineRequest,
  readValue,
} from './engine.js';
import * as src from './kernel-sources.js';
import * as texel from './texel-fetch-sources.js';
import { TexturePool } from './texture-pool.js';

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
  /**
   * Whether the hot kernels read their operands with GLSL's `texelFetch` (texel-fetch-sources.ts)
   * instead of gpu.js's index helpers. WebGL2 only; default on there.
   */
  texelFetch?: boolean;
  /**
   * Whether released output textures are reused as later kernels' outputs (texture-pool.ts)
   * instead of deleted. Default on; off only to measure what it saves.
   */
  recycleTextures?: boolean;
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
  /** Released textures kept for reuse as kernel outputs (at most 64; texture-pool.ts). */
  freeTextures: number;
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
  /**
   * A product not laid out yet (its value is then undefined): alpha times the 2×2 blocks of a
   * texelFetch product. Kernels that can read blocks (axpby) take it as it is; `value` lays it
   * out for any other.
   */
  blocks?: PendingBlocks | undefined;
  /**
   * Values written from the host and not uploaded yet (`value` is then undefined): the first
   * kernel that reads them uploads them, in the layout it reads (a product: blocks).
   */
  host?: Float32Array | undefined;
}

/** A tensor in 2×2 blocks (block-sources.ts), times alpha; shape.zeroRow0: row 0 reads +0. */
interface PendingBlocks {
  blocks: unknown;
  alpha: number;
  shape: src.ProductShape;
}

/**
 * The largest side of a 2-D texture a texelFetch kernel makes (WebGL2 guarantees 2048); larger
 * operands take the 1-D kernels.
 */
const MAX_TEXTURE_SIDE = 2048;

/** A kernel's output: n elements (1-D, as every tensor), or [width, height] (a 2-D texture). */
type Output = number | readonly [number, number];

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
 * stay on the device (as textures with GL) until `read` or a reduction asks for them. It holds
 * only kernels and storage: `checkedBackend` / `createBackend('gpujs')` put it behind the door,
 * which checks every call first (kernels.ts says what a kernel may assume).
 */
export class GpujsBackend implements BackendKernels {
  readonly name = 'gpujs';
  /** float32 only: gpu.js computes in single precision. */
  readonly dtypes: readonly DType[] = ['float32'];
  readonly defaultDType: DType = 'float32';
  /** 2^24: integers past it are not exact in float32, which GL kernels index with. */
  readonly maxElements = src.MAX_ELEMENTS;
  /** The engine that runs the kernels, checked (gpu.js may not give the one asked for). */
  readonly engine: GpujsEngine;
  /** With `auto`: why each better engine was passed over. */
  readonly skippedEngines: readonly string[];
  /** The gpu.js instance, for code that wants to add kernels of its own. */
  readonly gpu: GPU;
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  /** Released output textures, put back under kernels (texture-pool.ts). */
  private readonly texturePool: TexturePool | undefined;
  /** Whether products go through packed (RGBA) operands: on the GL engines, where it pays. */
  private readonly packs: boolean;
  /** Whether the hot kernels use texelFetch (GLSL ES 3.0: the webgl2 engine). */
  private readonly fetchesTexels: boolean;
  private readonly counters: Omit<GpujsStats, 'freeTextures'> = {
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
    if (options.texelFetch === true && this.engine !== 'webgl2') {
      throw new ValueError(
        `gpujs: texelFetch needs the 'webgl2' engine (GLSL ES 3.0), this backend runs '${this.engine}'`,
      );
    }
    this.fetchesTexels = options.texelFetch ?? this.engine === 'webgl2';
    this.texturePool =
      options.recycleTextures !== false && GL_ENGINES.has(this.engine)
        ? new TexturePool()
        : undefined;
  }

  /** A copy of the counters. */
  stats(): GpujsStats {
    return { ...this.counters, freeTextures: this.texturePool?.size ?? 0 };
  }

  /** Frees every kernel and texture of this backend; its tensors are unusable afterwards. */
  destroy(): Promise<void> {
    this.kernels.clear();
    this.texturePool?.clear();
    return this.gpu.destroy();
  }

  // ---- kernels -------------------------------------------------------------------------

  /**
   * Runs the kernel of `source` with `size` outputs on `args`. A kernel is compiled on first use
   * for its output size and the sizes of its array arguments (gpu.js bakes both in), then reused.
   */
  private run(source: string, size: number, ...args: unknown[]): unknown {
    return this.launch(source, size, false, args, []);
  }

  /** `run` for a kernel that returns four numbers per thread (an RGBA texel: packed storage). */
  private runPacked(source: string, size: number, ...args: unknown[]): unknown {
    return this.launch(source, size, true, args, []);
  }

  /** `run` for a texelFetch kernel (its GLSL functions with it); `packed`: RGBA per thread. */
  private runTexel(
    kernel: texel.TexelFetchKernel,
    output: Output,
    packed: boolean,
    ...args: unknown[]
  ): unknown {
    return this.launch(kernel.source, output, packed, args, kernel.natives);
  }

  private launch(
    source: string,
    output: Output,
    packed: boolean,
    args: unknown[],
    natives: readonly texel.NativeFunction[],
  ): unknown {
    const nativeKey = natives.map((n) => n.source).join('|');
    const outputKey = typeof output === 'number' ? output : output.join('x');
    const key = `${outputKey}|${packed ? 'p4' : ''}|${args.map(argumentKey).join(',')}|${source}|${nativeKey}`;
    let kernel = this.kernels.get(key);
    if (kernel !== undefined) {
      // Most recently used last, so that the first key is the one to evict.
      this.kernels.delete(key);
      this.kernels.set(key, kernel);
    } else {
      kernel = this.gpu.createKernel(source, {
        output: typeof output === 'number' ? [output] : [...output],
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        ...(packed ? { returnType: 'Array(4)' as const } : {}),
        ...(natives.length > 0 ? { nativeFunctions: natives.map((n) => ({ ...n })) } : {}),
      } as never);
      this.kernels.set(key, kernel);
      this.counters.kernelsCompiled++;
      if (this.kernels.size > KERNELS_KEPT) this.evictOldestKernel();
    }
    this.counters.kernelRuns++;
    this.counters.liveTextures++;
    this.texturePool?.prepare(kernel);
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

  /**
   * Whether a texelFetch kernel of `size` outputs can read every one of `values` under its own
   * fragment: each a kernel result of exactly `size` elements, 1-D (so laid out in the same
   * texture size as the output).
   */
  private flatOperands(size: number, ...values: unknown[]): boolean {
    return this.fetchesTexels && values.every((v) => this.isFlat(v, size));
  }

  private isFlat(value: unknown, size: number): boolean {
    const output = (value as { output?: ArrayLike<number> } | undefined)?.output;
    return output !== undefined && output.length === 1 && output[0] === size;
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
    if (s.host !== undefined) {
      s.value = this.run(src.copySource, t.size, s.host);
      s.host = undefined;
    }
    if (s.value === undefined && s.zero) s.value = this.run(src.constantSource, t.size, 0);
    if (s.blocks !== undefined) {
      const { blocks, alpha, shape } = s.blocks;
      s.blocks = undefined;
      s.value = this.runTexel(texel.unblockTexelSource(shape), t.size, false, blocks, alpha);
      this.release(blocks);
    }
    return s.value;
  }

  /**
   * Makes `value` the storage of `t`, releasing what it held; `row0Zero` says whether the kernel
   * that made it leaves row 0 all +0.
   */
  private assign(t: Tensor, value: unknown, row0Zero = false): Tensor {
    const s = this.storage(t);
    const old = s.value;
    this.dropBlocks(s);
    s.value = value;
    s.zero = false;
    s.row0Zero = row0Zero;
    if (old !== value) this.release(old);
    return t;
  }

  /** Releases the pending blocks of `s`, if any, and its host values (its contents are being replaced). */
  private dropBlocks(s: Storage): void {
    s.host = undefined;
    if (s.blocks === undefined) return;
    this.release(s.blocks.blocks);
    s.blocks = undefined;
  }

  /** Makes `t` hold a product still in blocks (see Storage.blocks). */
  private assignBlocks(t: Tensor, pending: PendingBlocks, row0Zero: boolean): void {
    const s = this.storage(t);
    this.release(s.value);
    this.dropBlocks(s);
    s.value = undefined;
    s.zero = false;
    s.row0Zero = row0Zero;
    s.blocks = pending;
  }

  /** Marks `t` all +0 without a kernel (see Storage.zero). */
  private assignZero(t: Tensor): Tensor {
    const s = this.storage(t);
    this.release(s.value);
    this.dropBlocks(s);
    s.value = undefined;
    s.zero = true;
    s.row0Zero = true;
    return t;
  }

  /** Releases a kernel result (a texture on GL) that nothing holds any more. */
  private release(value: unknown): void {
    if (value === undefined || value === null) return;
    this.counters.liveTextures--;
    if (this.texturePool?.take(value) !== true) deleteTexture(value);
  }

  // ---- storage -------------------------------------------------------------------------

  /** Storage of +0s that costs nothing until a kernel reads it (see Storage.zero). */
  allocate(_rows: number, _cols: number, _dtype: DType): Storage {
    return { value: undefined, disposed: false, zero: true, row0Zero: true };
  }

  write(t: Tensor, data: ArrayLike<number>): void {
    this.counters.uploads++;
    // Uploaded by the first kernel that reads it (Storage.host).
    this.assign(t, undefined);
    this.storage(t).host = Float32Array.from(data);
  }

  read(t: Tensor): Float32Array {
    return this.readAll(t.size, this.value(t));
  }

  /** The first `size` elements of a kernel result, as a fresh array. */
  private readAll(size: number, value: unknown): Float32Array {
    this.counters.reads++;
    this.counters.elementsRead += size;
    return readValue(value).slice(0, size);
  }

  dispose(t: Tensor): void {
    const s = t.handle as Storage;
    if (s.disposed) return;
    this.release(s.value);
    this.dropBlocks(s);
    s.value = undefined;
    s.zero = false;
    s.disposed = true;
  }

  // ---- linear algebra (the door has checked every call: kernels.ts) ----------------------

  matmul(a: Tensor, b: Tensor, settings: MatmulSettings, c: Tensor): void {
    const { transA, transB, alpha, zeroRow0 } = settings;
    const M = transA ? a.cols : a.rows;
    const K = transA ? a.rows : a.cols;
    const N = transB ? b.rows : b.cols;
    // Accumulating into zeros (a gradient after zeroGrad) is the product alone: skip reading out.
    const beta = this.storage(c).zero ? 0 : settings.beta;
    // beta = 0 ignores out's old contents (even NaN), so that kernel does not read them.
    const old = beta === 0 ? [] : [this.value(c), beta];
    const shape = { M, N, K, withC: beta !== 0, zeroRow0 };
    let result: unknown;
    const [K4, MB, NB] = [Math.ceil(K / 4), Math.ceil(M / 2), Math.ceil(N / 2)];
    const blocked = K >= PACKED_MATMUL_MIN_K && M * N * K >= BLOCKED_MATMUL_MIN_WORK;
    if (
      this.fetchesTexels &&
      K >= PACKED_MATMUL_MIN_K &&
      MB >= 2 &&
      Math.max(K4, 2 * MB, 2 * NB) <= MAX_TEXTURE_SIDE &&
      (beta === 0 || this.isFlat(old[0], M * N))
    ) {
      // 2×2 blocks of out from operands in blocks (block-sources.ts) or packed as 2-D textures
      // (a row of texels per row of op(A) / column of op(B)); every read a texelFetch.
      const ra = this.productOperand(a, transA, true, M, K);
      const rb = this.productOperand(b, transB, false, N, K);
      const source = blk.blockedProductSource(K, ra.read, rb.read);
      const blocks = this.runTexel(source, [NB, MB], true, ra.value, rb.value);
      if (ra.read === 'packed') this.release(ra.value);
      if (rb.read === 'packed') this.release(rb.value);
      const scale = alpha * ra.alpha * rb.alpha;
      if (beta === 0) {
        // Kept in blocks: activations, the optimizer's axpby and later products read them so.
        this.assignBlocks(c, { blocks, alpha: scale, shape }, zeroRow0);
        return;
      }
      result = this.runTexel(texel.unblockTexelSource(shape), M * N, false, blocks, scale, ...old);
      this.release(blocks);
    } else if (this.packs && blocked) {
      // Packed operands with even row and column counts (zero padding), 2×2 blocks, then out.
      const pa = this.runPacked(src.packRowsSource(M, K, transA), 2 * MB * K4, this.value(a));
      const pb = this.runPacked(src.packColsSource(K, N, transB), 2 * NB * K4, this.value(b));
      const blocks = this.runPacked(src.blockedMatmulSource(K, N), MB * NB, pa, pb);
      this.release(pa);
      this.release(pb);
      result = this.run(src.unblockSource(shape), M * N, blocks, alpha, ...old);
      this.release(blocks);
    } else if (this.packs && K >= PACKED_MATMUL_MIN_K) {
      const pa = this.runPacked(src.packRowsSource(M, K, transA), M * K4, this.value(a));
      const pb = this.runPacked(src.packColsSource(K, N, transB), N * K4, this.value(b));
      result = this.run(src.packedMatmulSource(shape), M * N, pa, pb, alpha, ...old);
      this.release(pa);
      this.release(pb);
    } else {
      const source = src.matmulSource(shape, transA, transB);
      result = this.run(source, M * N, this.value(a), this.value(b), alpha, ...old);
    }
    this.assign(c, result, zeroRow0);
  }

  /**
   * How the blocked product reads operand `x` (op(X) has `rows` rows of K): straight from its
   * blocks where it is in blocks (read as rows or columns of the stored tensor), else packed into
   * a 2-D texture now (which the caller releases).
   */
  private productOperand(
    x: Tensor,
    trans: boolean,
    isA: boolean,
    rows: number,
    K: number,
  ): { read: blk.ProductRead; value: unknown; alpha: number } {
    const s = this.storage(x);
    if (s.host !== undefined && this.fitsBlocks(x)) {
      // Fresh from the host (a batch): uploaded straight into blocks, which both of its products
      // (forward, and the weight gradient) read without packing.
      const host = s.host;
      this.runBlocks(x, blk.blocksFromHostSource(x.rows, x.cols), false, host);
    }
    const pending = s.blocks;
    if (pending !== undefined && !pending.shape.zeroRow0) {
      // Row r of op(A) is row r of A, or column r of A stored K×M; op(B)'s columns likewise.
      const read: blk.ProductRead = isA === trans ? 'cols' : 'rows';
      return { read, value: pending.blocks, alpha: pending.alpha };
    }
    // Element k of row r of op(X) sits at r·outer + k·kStride in the flat tensor.
    const [outer, kStride] = isA === trans ? [1, rows] : [K, 1];
    const value = this.runTexel(
      texel.packTexelSource(rows, K, outer, kStride),
      [Math.ceil(K / 4), 2 * Math.ceil(rows / 2)],
      true,
      this.value(x),
    );
    return { read: 'packed', value, alpha: 1 };
  }

  /**
   * `t` as an operand of a blocks kernel (block-sources.ts): its blocks if it is in blocks, else
   * its flat texture; undefined where neither fits (not the webgl2 engine, a side over the
   * texture limit, fewer than 3 rows: a 2-D output needs 2 block rows).
   */
  private blockOperand(
    t: Tensor,
  ): { operand: blk.BlockOperand; value: unknown; alpha: number } | undefined {
    if (!this.fetchesTexels || !this.fitsBlocks(t)) return undefined;
    const pending = this.storage(t).blocks;
    if (pending !== undefined) {
      const operand = { blocks: true as const, zeroRow0: pending.shape.zeroRow0 };
      return { operand, value: pending.blocks, alpha: pending.alpha };
    }
    const value = this.value(t);
    if (!this.isFlat(value, t.size)) return undefined;
    return { operand: { blocks: false, rows: t.rows, cols: t.cols }, value, alpha: 1 };
  }

  private fitsBlocks(t: Tensor): boolean {
    const [NB, MB] = [Math.ceil(t.cols / 2), Math.ceil(t.rows / 2)];
    return MB >= 2 && Math.max(NB, MB) <= MAX_TEXTURE_SIDE;
  }

  /** Runs a blocks kernel for `t`'s shape and makes its result `t`'s storage, in blocks. */
  private runBlocks(
    t: Tensor,
    kernel: texel.TexelFetchKernel,
    row0Zero: boolean,
    ...args: unknown[]
  ): void {
    const blocks = this.runTexel(
      kernel,
      [Math.ceil(t.cols / 2), Math.ceil(t.rows / 2)],
      true,
      ...args,
    );
    const shape = { M: t.rows, N: t.cols, K: 0, withC: false, zeroRow0: false };
    this.assignBlocks(t, { blocks, alpha: 1, shape }, row0Zero);
  }

  // ---- element-wise ----------------------------------------------------------------------

  binary(op: BinaryOp, a: Tensor, b: Tensor, o: Tensor): void {
    this.assign(o, this.run(src.binarySource(op), a.size, this.value(a), this.value(b)));
  }

  unary(op: UnaryOp, a: Tensor, o: Tensor): void {
    this.assign(o, this.run(src.unarySource(op), a.size, this.value(a)));
  }

  affine(a: Tensor, alpha: number, beta: number, o: Tensor): void {
    this.assign(o, this.run(src.affineSource, a.size, this.value(a), alpha, beta));
  }

  axpby(alpha: number, x: Tensor, beta: number, y: Tensor): void {
    if (x !== y && (this.storage(x).blocks !== undefined || this.storage(y).blocks !== undefined)) {
      // In blocks if either is (the optimizer's step on a gradient and weights in blocks).
      const [bx, by] = [this.blockOperand(x), this.blockOperand(y)];
      if (bx !== undefined && by !== undefined) {
        const kernel = blk.axpbyBlocksSource(bx.operand, by.operand);
        this.runBlocks(y, kernel, false, bx.value, bx.alpha, by.value, by.alpha, alpha, beta);
        return;
      }
    }
    const [vx, vy] = [this.value(x), this.value(y)];
    const result = this.flatOperands(x.size, vx, vy)
      ? this.runTexel(texel.axpbyTexelSource, x.size, false, vx, vy, alpha, beta)
      : this.run(src.axpbySource, x.size, vx, vy, alpha, beta);
    this.assign(y, result);
  }

  clip(a: Tensor, lo: number, hi: number, o: Tensor): void {
    // float32 bounds: ±Infinity and out-of-range values clip as they would after rounding.
    const result = this.run(
      src.clipSource,
      a.size,
      this.value(a),
      Math.fround(lo),
      Math.fround(hi),
    );
    this.assign(o, result);
  }

  // ---- activations (bias-row aware, Sec. 3.2) ---------------------------------------------

  activation(kind: ActivationKind, z: Tensor, o: Tensor, slope: number): void {
    if (kind === 'identity') {
      // g(v) = v everywhere, and row 0 is copied anyway (Eq. 3.7): o is z.
      this.share(z, o);
      return;
    }
    if (z !== o && this.storage(z).blocks !== undefined) {
      const bz = this.blockOperand(z);
      if (bz !== undefined) {
        const kernel = blk.activationBlocksSource(kind, bz.operand);
        this.runBlocks(o, kernel, false, bz.value, bz.alpha, slope);
        return;
      }
    }
    const rz = this.texelOperand(z);
    const result =
      rz === undefined
        ? this.run(src.activationSource(kind, z.cols), z.size, this.value(z), slope)
        : this.runTexel(
            texel.activationTexelSource(kind, z.cols, rz.operand),
            z.size,
            false,
            rz.value,
            slope,
            ...rz.extra,
          );
    this.assign(o, result);
  }

  activationGrad(kind: ActivationKind, z: Tensor, dA: Tensor, o: Tensor, slope: number): void {
    if (kind === 'identity' && this.storage(dA).row0Zero) {
      // dA with row 0 zero (Eq. 3.8), which it is already (the loss's gradient): o is dA.
      this.share(dA, o);
      return;
    }
    const inBlocks = this.storage(z).blocks !== undefined || this.storage(dA).blocks !== undefined;
    if (kind !== 'identity' && z !== o && dA !== o && inBlocks) {
      const [bz, bd] = [this.blockOperand(z), this.blockOperand(dA)];
      if (bz !== undefined && bd !== undefined) {
        const kernel = blk.activationGradBlocksSource(kind, bz.operand, bd.operand);
        this.runBlocks(o, kernel, true, bz.value, bz.alpha, bd.value, bd.alpha, slope);
        return;
      }
    }
    const [rz, rd] = [this.texelOperand(z), this.texelOperand(dA)];
    const result =
      rz === undefined || rd === undefined
        ? this.run(
            src.activationGradSource(kind, z.cols),
            z.size,
            this.value(z),
            this.value(dA),
            slope,
          )
        : this.runTexel(
            texel.activationGradTexelSource(kind, z.cols, rz.operand, rd.operand),
            z.size,
            false,
            rz.value,
            rd.value,
            slope,
            ...rz.extra,
            ...rd.extra,
          );
    this.assign(o, result, true);
  }

  /**
   * How an element-wise texelFetch kernel reads `t`: from its pending blocks (their alpha an
   * extra argument), or under the fragment; undefined where neither applies (take the gpu.js
   * kernel).
   */
  private texelOperand(
    t: Tensor,
  ): { operand: texel.Operand; value: unknown; extra: number[] } | undefined {
    if (!this.fetchesTexels) return undefined;
    const pending = this.storage(t).blocks;
    if (pending !== undefined) {
      const operand = { blocks: true as const, shape: pending.shape };
      return { operand, value: pending.blocks, extra: [pending.alpha] };
    }
    const value = this.value(t);
    return this.isFlat(value, t.size)
      ? { operand: { blocks: false }, value, extra: [] }
      : undefined;
  }

  // ---- rows: the bias row ----------------------------------------------------------------

  sliceRows(a: Tensor, start: number, _end: number, o: Tensor): void {
    this.assign(o, this.run(src.sliceSource(start * a.cols), o.size, this.value(a)));
  }

  concatRows(top: Tensor, bottom: Tensor, o: Tensor): void {
    const source = src.concatSource(top.size);
    this.assign(o, this.run(source, o.size, this.value(top), this.value(bottom)));
  }

  fill(t: Tensor, value: number, rowStart: number, rowEnd: number): void {
    const v = Math.fround(value);
    const s = this.storage(t);
    const zero = Object.is(v, 0);
    if (zero && rowStart === 0 && rowEnd === t.rows) {
      this.assignZero(t);
      return;
    }
    // Zeros where there are zeros already: nothing to do (the optimizer's row-0 fill).
    if (zero && (s.zero || (s.row0Zero && rowStart === 0 && rowEnd === 1))) return;
    const row0Zero = rowStart === 0 ? zero : s.row0Zero;
    if (rowStart === 0 && rowEnd === t.rows) {
      this.assign(t, this.run(src.constantSource, t.size, v), row0Zero);
      return;
    }
    const source = src.fillRangeSource(rowStart * t.cols, rowEnd * t.cols);
    this.assign(t, this.run(source, t.size, this.value(t), v), row0Zero);
  }

  copy(srcTensor: Tensor, dst: Tensor): void {
    this.share(srcTensor, dst);
  }

  /**
   * Makes `dst` hold what `from` holds, with no kernel: kernels never write in place, so two
   * tensors may share a result (a GL texture is shared through gpu.js's clone, which counts
   * references; a typed array is immutable once made).
   */
  private share(from: Tensor, dst: Tensor): void {
    if (from === dst) return;
    const s = this.storage(from);
    const d = this.storage(dst);
    const sharedValue = s.value === undefined ? undefined : this.shareValue(s.value);
    const blocks = s.blocks;
    const sharedBlocks =
      blocks === undefined ? undefined : { ...blocks, blocks: this.shareValue(blocks.blocks) };
    this.release(d.value);
    this.dropBlocks(d);
    d.value = sharedValue;
    d.blocks = sharedBlocks;
    d.host = s.host;
    d.zero = s.zero;
    d.row0Zero = s.row0Zero;
  }

  private shareValue(value: unknown): unknown {
    this.counters.liveTextures++;
    const texture = value as { clone?: () => unknown };
    return typeof texture.clone === 'function' ? texture.clone() : value;
  }

  // ---- columns: samples --------------------------------------------------------------------

  softmaxCols(a: Tensor, o: Tensor): void {
    const x = this.value(a);
    // Column max, then Σ exp(x − max), then the quotient: three passes, all on the device.
    const max = this.run(src.colMaxSource(a.rows, a.cols), a.cols, x);
    const sum = this.run(src.colExpSumSource(a.rows, a.cols), a.cols, x, max);
    const result = this.run(src.softmaxSource(a.cols), a.size, x, max, sum);
    this.release(max);
    this.release(sum);
    this.assign(o, result);
  }

  // ---- the softmax cross-entropy loss, fused ---------------------------------------------

  /** Two kernels (per-column pieces, then the three totals) and one read-back of 3 numbers. */
  crossEntropy(logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult {
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
  crossEntropyGrad(logits: Tensor, targets: Tensor, o: Tensor): void {
    const source = src.crossEntropyGradSource(logits.rows - 1, logits.cols);
    const invM = 1 / logits.cols;
    const result = this.run(source, o.size, this.value(logits), this.value(targets), invM);
    this.assign(o, result, true);
  }

  argmaxCols(a: Tensor): Int32Array {
    const rows = this.run(src.argmaxSource(a.rows, a.cols), a.cols, this.value(a));
    const got = this.readAll(a.cols, rows);
    this.release(rows);
    return Int32Array.from(got);
  }

  // ---- reductions ------------------------------------------------------------------------

  sumRows(a: Tensor, o: Tensor): void {
    this.assign(o, this.run(src.sumRowsSource(a.cols), a.rows, this.value(a)));
  }

  sumCols(a: Tensor, o: Tensor): void {
    this.assign(o, this.run(src.sumColsSource(a.rows, a.cols), a.cols, this.value(a)));
  }

  /**
   * A reduction to one number, on the device: each pass combines chunks of REDUCE_CHUNK
   * elements, until one is left; only that one is read back.
   */
  private reduce(kind: src.ReduceKind, n: number, ...args: unknown[]): number {
    let size = Math.ceil(n / src.REDUCE_CHUNK);
    let partial = this.run(src.reduceSource(kind, n), size, ...args);
    const combine: src.ReduceKind = kind === 'min' ? 'min' : kind === 'max' ? 'max' : 'sum';
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
    return this.reduce('sum', a.size, this.value(a));
  }

  dot(a: Tensor, b: Tensor): number {
    return this.reduce('dot', a.size, this.value(a), this.value(b));
  }

  min(a: Tensor): number {
    return this.reduce('min', a.size, this.value(a));
  }

  max(a: Tensor): number {
    return this.reduce('max', a.size, this.value(a));
  }
}

/**
 * The checked gpu.js backend (the door in front of a new `GpujsBackend`); the registry calls it
 * for `setBackend('gpujs', GpujsBackendOptions)`. Its `raw` is the `GpujsBackend`, for `stats()`.
 */
export function createGpujsBackend(options?: Record<string, unknown>): Backend {
  return checkedBackend(new GpujsBackend(options as GpujsBackendOptions | undefined));
}

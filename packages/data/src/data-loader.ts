import {
  type Backend,
  type DType,
  getBackend,
  type HostArray,
  hostArray,
  ScratchPool,
  ShapeError,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import { type ByteMatrix, isByteMatrix } from './byte-matrix.js';
import { dtypeOf, isTensor, type MatrixInput } from './matrix.js';
import { gatherTransposed, type SampleStore, toSampleStore } from './sample-store.js';
import { resolveSeed, streamRng } from './seed.js';

export interface DataLoaderOptions {
  /** Samples per batch (a positive integer). */
  batchSize: number;
  /** Draw a new permutation of the samples each epoch (default true). */
  shuffle?: boolean;
  /** Seed of the permutations; without it one is drawn from the global RNG (`manualSeed`). */
  seed?: number;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /**
   * dtype of the batches: X's own when it is a Tensor or a Float32Array, else the backend's
   * default dtype (cpu: float64, gpujs: float32).
   */
  dtype?: DType;
  /** Backend of the batches: X's own when it is a Tensor, else the current backend. */
  backend?: Backend;
  /**
   * Yield new tensors at each step instead of reusing two per batch size (default false; the
   * reused ones are kept in a ScratchPool, which disposes those of a batch size it lets go).
   * Use it when a batch must outlive the next step of the loop.
   */
  copy?: boolean;
}

/** One mini-batch, in mfnet's layout: features × samples, row 0 all ones (Sec. 5.3). */
export interface Batch {
  /** (n+1) × b: the ones row, then the b samples' features as columns. */
  x: Tensor;
  /** (k+1) × b: the ones row, then the b samples' targets as columns. */
  y: Tensor;
  /** The sample indices (rows of X and Y) in this batch, in column order. */
  indices: Uint32Array;
  /** The batch's position within its epoch. */
  index: number;
}

/**
 * Feeds a dataset to training in shuffled mini-batches (Sec. 5.3). X is an m×n design matrix
 * and Y an m×k target matrix; each batch is transposed to features × samples and a row of
 * ones is prepended, to x **and** y.
 *
 * The dataset is copied to the host once, at construction, in the batches' dtype; a ByteMatrix
 * (e.g. MNIST's pixel bytes with divisor 255) is kept as it is, one byte per value and not
 * copied, and divided as each batch is gathered. Each step gathers its samples into
 * a reused host buffer and uploads it with `backend.write` into a reused pair of tensors (one
 * pair for full batches, one for the last partial batch): no per-epoch copy of the dataset and
 * no allocation per step. **The yielded tensors are overwritten by the next step**, like a
 * stream's buffer; pass `copy: true` for tensors of your own.
 *
 * Every `for…of` starts the next epoch; epoch `e`'s order is `epochOrder(e)`, reproducible from
 * the seed.
 */
export class DataLoader implements Iterable<Batch> {
  /** Number of samples m. */
  readonly samples: number;
  /** Features per sample n (x has n + 1 rows). */
  readonly features: number;
  /** Targets per sample k (y has k + 1 rows). */
  readonly targets: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly dtype: DType;
  readonly backend: Backend;
  /** The base seed of the permutations (drawn from the global RNG when none was given). */
  readonly seed: number;
  private readonly copy: boolean;
  private readonly X: SampleStore;
  private readonly Y: SampleStore;
  private nextEpoch = 0;
  private readonly slots = new ScratchPool<BatchSlot>((backend, dtype, rows, cols) => ({
    hostX: onesRowBuffer(dtype, rows, cols),
    hostY: onesRowBuffer(dtype, this.targets + 1, cols),
    x: this.copy ? undefined : backend.zeros(rows, cols, dtype),
    y: this.copy ? undefined : backend.zeros(this.targets + 1, cols, dtype),
  }));

  constructor(
    X: MatrixInput | ByteMatrix,
    Y: MatrixInput | ByteMatrix,
    options: DataLoaderOptions,
  ) {
    const op = 'DataLoader';
    if (options === undefined || options === null || typeof options !== 'object') {
      throw new ValueError(`${op}: options { batchSize } are required`);
    }
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ValueError(`${op}: batchSize must be a positive integer, got ${String(batchSize)}`);
    }
    this.backend =
      options.backend ?? (isTensor(X) ? X.backend : isTensor(Y) ? Y.backend : getBackend());
    this.dtype =
      options.dtype ??
      (isByteMatrix(X) ? this.backend.defaultDType : dtypeOf(X, this.backend.defaultDType));
    const x = toSampleStore(op, 'X', X, this.dtype);
    const y = toSampleStore(op, 'Y', Y, this.dtype);
    if (x.shape[0] !== y.shape[0]) {
      throw new ShapeError(
        `${op}: X has ${x.shape[0]} samples (rows) but Y has ${y.shape[0]}; both are samples × columns`,
      );
    }
    this.X = x.store;
    this.Y = y.store;
    [this.samples, this.features] = x.shape;
    this.targets = y.shape[1];
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    this.copy = options.copy ?? false;
    this.seed = resolveSeed(op, options.seed);
  }

  /** The number of batches per epoch. */
  get length(): number {
    return this.dropLast
      ? Math.floor(this.samples / this.batchSize)
      : Math.ceil(this.samples / this.batchSize);
  }

  /** How many epochs have been started by iterating. The next `for…of` runs this epoch. */
  get epoch(): number {
    return this.nextEpoch;
  }

  /**
   * The order in which epoch `epoch` (0, 1, …) visits the samples: a permutation of 0…m−1 when
   * shuffling, else 0…m−1. With `dropLast` the last `m mod batchSize` entries are not visited.
   */
  epochOrder(epoch: number): Uint32Array {
    if (!Number.isInteger(epoch) || epoch < 0) {
      throw new ValueError(`DataLoader.epochOrder: epoch must be an integer ≥ 0, got ${epoch}`);
    }
    if (!this.shuffle) {
      const order = new Uint32Array(this.samples);
      for (let i = 0; i < order.length; i++) order[i] = i;
      return order;
    }
    return streamRng(this.seed, epoch).permutation(this.samples);
  }

  /** Starts the next epoch. */
  [Symbol.iterator](): Iterator<Batch> {
    return this.batches(this.nextEpoch++);
  }

  /** The batches of one given epoch, without advancing the epoch counter. */
  *batches(epoch: number): Generator<Batch, void, undefined> {
    const order = this.epochOrder(epoch);
    const count = this.length;
    for (let index = 0; index < count; index++) {
      const start = index * this.batchSize;
      const size = Math.min(this.batchSize, this.samples - start);
      const indices = order.subarray(start, start + size);
      const slot = this.slotFor(size);
      gatherTransposed(this.X, this.features, indices, slot.hostX);
      gatherTransposed(this.Y, this.targets, indices, slot.hostY);
      if (this.copy) {
        yield {
          x: this.backend.fromHost(slot.hostX, this.features + 1, size, this.dtype),
          y: this.backend.fromHost(slot.hostY, this.targets + 1, size, this.dtype),
          indices: indices.slice(),
          index,
        };
      } else {
        const { x, y } = slot as { x: Tensor; y: Tensor }; // made with the slot (copy is false)
        this.backend.write(x, slot.hostX);
        this.backend.write(y, slot.hostY);
        yield { x, y, indices, index };
      }
    }
  }

  /** Releases the reused batch tensors (they are made again if the loader is iterated). */
  dispose(): void {
    this.slots.clear();
  }

  private slotFor(size: number): BatchSlot {
    return this.slots.get(this.backend, this.dtype, this.features + 1, size);
  }
}

/** The host buffers of one batch size, and (unless `copy`) the tensors they are written to. */
interface BatchSlot {
  hostX: HostArray;
  hostY: HostArray;
  x: Tensor | undefined;
  y: Tensor | undefined;
}

/** A (rows × cols) host buffer whose row 0 is ones; rows 1… are filled per batch. */
function onesRowBuffer(dtype: DType, rows: number, cols: number): HostArray {
  const buffer = hostArray(dtype, rows * cols);
  buffer.fill(1, 0, cols);
  return buffer;
}

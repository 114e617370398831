import { type DType, hostArray, ShapeError, type Tensor, ValueError } from '@mfnet/tensor';
import { dtypeOf, type HostMatrix, isTensor, type MatrixInput, toHostMatrix } from './matrix.js';
import { resolveSeed, streamRng } from './seed.js';

export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) of the samples, or a count ≥ 1 (default 0.25, as scikit-learn). */
  testSize?: number;
  /** Shuffle before splitting (default true); without it the last samples are the test set. */
  shuffle?: boolean;
  /** Seed of the shuffle; without it one is drawn from the global RNG (`manualSeed`). */
  seed?: number;
}

export interface TrainTestSplit<T> {
  xTrain: T;
  xTest: T;
  yTrain: T;
  yTest: T;
  /** The rows of X and Y that went to each part, in order. */
  trainIndices: Uint32Array;
  testIndices: Uint32Array;
}

/**
 * Splits X (m×n) and Y (m×k) row-wise into a training and a test part, as scikit-learn's
 * `train_test_split`: the test part has ceil(testSize·m) rows. Tensors in give Tensors out (same
 * backend and dtype); host matrices in give host matrices out.
 */
export function trainTestSplit(
  X: Tensor,
  Y: Tensor,
  options?: TrainTestSplitOptions,
): TrainTestSplit<Tensor>;
export function trainTestSplit(
  X: MatrixInput,
  Y: MatrixInput,
  options?: TrainTestSplitOptions,
): TrainTestSplit<HostMatrix>;
export function trainTestSplit(
  X: MatrixInput,
  Y: MatrixInput,
  options: TrainTestSplitOptions = {},
): TrainTestSplit<Tensor | HostMatrix> {
  const op = 'trainTestSplit';
  const x = toHostMatrix(op, 'X', X, dtypeOf(X));
  const y = toHostMatrix(op, 'Y', Y, dtypeOf(Y));
  const m = x.shape[0];
  if (y.shape[0] !== m) {
    throw new ShapeError(`${op}: X has ${m} samples (rows) but Y has ${y.shape[0]}`);
  }
  const testSize = options.testSize ?? 0.25;
  let nTest: number;
  if (typeof testSize === 'number' && testSize > 0 && testSize < 1) {
    nTest = Math.ceil(testSize * m);
  } else if (Number.isInteger(testSize) && testSize >= 1) {
    nTest = testSize;
  } else {
    throw new ValueError(
      `${op}: testSize must be a fraction in (0, 1) or a whole count ≥ 1, got ${String(testSize)}`,
    );
  }
  if (nTest >= m) {
    throw new ValueError(
      `${op}: testSize ${testSize} leaves no training samples out of ${m} (test part: ${nTest})`,
    );
  }
  const order = new Uint32Array(m);
  if (options.shuffle ?? true) {
    order.set(streamRng(resolveSeed(op, options.seed), 0).permutation(m));
  } else {
    for (let i = 0; i < m; i++) order[i] = i;
  }
  const trainIndices = order.slice(0, m - nTest);
  const testIndices = order.slice(m - nTest);
  const wrap = (part: HostMatrix, like: MatrixInput): Tensor | HostMatrix =>
    isTensor(like) ? like.backend.fromHost(part.data, ...part.shape, like.dtype) : part;
  return {
    xTrain: wrap(takeRows(x, trainIndices), X),
    xTest: wrap(takeRows(x, testIndices), X),
    yTrain: wrap(takeRows(y, trainIndices), Y),
    yTest: wrap(takeRows(y, testIndices), Y),
    trainIndices,
    testIndices,
  };
}

/** The rows `indices` of `matrix`, in that order. */
export function takeRows(matrix: HostMatrix, indices: ArrayLike<number>): HostMatrix {
  const cols = matrix.shape[1];
  const dtype: DType = matrix.data instanceof Float32Array ? 'float32' : 'float64';
  const out = hostArray(dtype, indices.length * cols);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    out.set(matrix.data.subarray(r * cols, (r + 1) * cols), i * cols);
  }
  return { data: out, shape: [indices.length, cols] };
}

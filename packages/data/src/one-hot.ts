import {
  type CreateOptions,
  DEFAULT_DTYPE,
  getBackend,
  hostArray,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import type { HostMatrix } from './matrix.js';

/**
 * The m×k one-hot matrix of m integer labels in 0…k−1 (samples as rows, like a design matrix,
 * ready for the DataLoader). `numClasses` defaults to the largest label + 1.
 */
export function oneHotMatrix(
  labels: ArrayLike<number>,
  numClasses?: number,
  dtype = DEFAULT_DTYPE,
): HostMatrix {
  const m = labels.length;
  if (m === 0) throw new ValueError('oneHot: no labels given');
  let k = numClasses;
  if (k === undefined) {
    k = 0;
    for (let i = 0; i < m; i++) k = Math.max(k, labels[i]! + 1);
  }
  if (!Number.isInteger(k) || k < 1) {
    throw new ValueError(`oneHot: numClasses must be a positive integer, got ${String(k)}`);
  }
  const data = hostArray(dtype, m * k);
  for (let i = 0; i < m; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new ValueError(
        `oneHot: label ${i} is ${String(label)}; labels must be integers in 0…${k - 1}`,
      );
    }
    data[i * k + label] = 1;
  }
  return { data, shape: [m, k] };
}

/** The m×k one-hot Tensor of m integer labels (see `oneHotMatrix`). */
export function oneHot(
  labels: ArrayLike<number>,
  numClasses?: number,
  options: CreateOptions = {},
): Tensor {
  const backend = options.backend ?? getBackend();
  const dtype = options.dtype ?? backend.defaultDType;
  const { data, shape } = oneHotMatrix(labels, numClasses, dtype);
  return backend.fromHost(data, shape[0], shape[1], dtype);
}

import {
  type ByteMatrix,
  DataLoader,
  type HostMatrix,
  isByteMatrix,
  isTensor,
  type MatrixInput,
  takeRows,
  toHostMatrix,
} from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { type Backend, type DType, getBackend, ValueError } from '@mfnet/tensor';

/**
 * A sample-major matrix: row i is sample i. An array of rows (`number[][]`), a flat array or
 * typed array (one value per sample: a column), `{ data, shape: [samples, columns] }`, a
 * `ByteMatrix`, or an m×n Tensor.
 */
export type SampleMatrix =
  | MatrixInput
  | ByteMatrix
  | readonly (readonly number[])[]
  | readonly number[]
  | Float64Array
  | Float32Array;

/** Inputs and targets, sample-major: `x` is samples × features, `y` samples × targets. */
export interface Samples {
  x: SampleMatrix;
  y: SampleMatrix;
}

/** Data for `fit` and `evaluate`: a DataLoader (its batches as they are), or sample-major arrays. */
export type Dataset = DataLoader | Samples;

/** A SampleMatrix as the DataLoader takes it. */
export function toMatrixInput(op: string, what: string, m: SampleMatrix): MatrixInput | ByteMatrix {
  if (isTensor(m) || isByteMatrix(m)) return m;
  if (ArrayBuffer.isView(m) || (Array.isArray(m) && m.every((v) => typeof v === 'number'))) {
    const column = m as ArrayLike<number>;
    return { data: column, shape: [column.length, 1] };
  }
  if (Array.isArray(m)) {
    const rows = m as readonly (readonly number[])[];
    const cols = rows[0]?.length ?? 0;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new ValueError(
          `${op}: ${what} row ${i} has ${Array.isArray(row) ? row.length : 'no'} values, row 0 has ${cols}; every row must have the same length`,
        );
      }
      data.set(row, i * cols);
    });
    return { data, shape: [rows.length, cols] };
  }
  return m as MatrixInput;
}

/** The backend and dtype of the network's weights: batches must be made in them. */
export function placement(net: NeuralNetwork): { backend: Backend; dtype: DType } {
  const first = net.parameters()[0]?.value;
  return first === undefined
    ? { backend: getBackend(), dtype: getBackend().defaultDType }
    : { backend: first.backend, dtype: first.dtype };
}

/** How `fit` and `evaluate` batch sample-major arrays. */
export interface BatchOptions {
  batchSize: number;
  shuffle: boolean;
  seed?: number;
}

/** A DataLoader over `data` (a DataLoader is taken as it is) in the network's backend and dtype. */
export function loaderFor(
  op: string,
  net: NeuralNetwork,
  data: Dataset,
  options: BatchOptions,
): DataLoader {
  if (data instanceof DataLoader) return data;
  if (data === null || typeof data !== 'object' || !('x' in data) || !('y' in data)) {
    throw new ValueError(`${op}: data must be a DataLoader or { x, y } (sample-major)`);
  }
  return new DataLoader(toMatrixInput(op, 'x', data.x), toMatrixInput(op, 'y', data.y), {
    ...placement(net),
    batchSize: options.batchSize,
    shuffle: options.shuffle,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
}

/**
 * Splits sample-major data into training and validation parts: the last ⌈fraction·m⌉ samples
 * validate, before any shuffling (as Keras's `validationSplit`), so the split needs no seed.
 */
export function splitValidation(
  op: string,
  data: Samples,
  fraction: number,
): { train: Samples; validation: Samples } {
  if (!(fraction > 0 && fraction < 1)) {
    throw new ValueError(
      `${op}: validation as a split must be a fraction in (0, 1), got ${fraction}`,
    );
  }
  const x = hostOf(op, 'x', data.x);
  const y = hostOf(op, 'y', data.y);
  const m = x.shape[0];
  const nVal = Math.ceil(fraction * m);
  if (nVal >= m) {
    throw new ValueError(
      `${op}: validation ${fraction} of ${m} samples leaves none to train on; use a smaller fraction`,
    );
  }
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const trainRows = rows(0, m - nVal);
  const valRows = rows(m - nVal, m);
  return {
    train: { x: takeRows(x, trainRows), y: takeRows(y, trainRows) },
    validation: { x: takeRows(x, valRows), y: takeRows(y, valRows) },
  };
}

function hostOf(op: string, what: string, m: SampleMatrix): HostMatrix {
  const input = toMatrixInput(op, what, m);
  if (isByteMatrix(input)) {
    throw new ValueError(
      `${op}: a validation split of a ByteMatrix is not supported; pass validation data instead`,
    );
  }
  return toHostMatrix(op, what, input, 'float64');
}

import type { DType, HostArray } from '@mfnet/tensor';
import { type ByteMatrix, checkByteMatrix, isByteMatrix } from './byte-matrix.js';
import { type HostMatrix, type MatrixInput, toHostMatrix } from './matrix.js';

/** A loader's samples: host numbers in the batches' dtype, or bytes standing for byte/divisor. */
export type SampleStore =
  | { data: HostArray; divisor?: undefined }
  | { data: Uint8Array; divisor: number };

/**
 * The samples of X or Y as a loader keeps them: a ByteMatrix's bytes as they are (not copied),
 * anything else as a host copy in the batches' dtype.
 */
export function toSampleStore(
  op: string,
  what: string,
  input: MatrixInput | ByteMatrix,
  dtype: DType,
): { store: SampleStore; shape: HostMatrix['shape'] } {
  if (isByteMatrix(input)) {
    const { data, shape, divisor } = checkByteMatrix(op, what, input);
    return { store: { data, divisor }, shape };
  }
  const { data, shape } = toHostMatrix(op, what, input, dtype);
  return { store: { data }, shape };
}

/**
 * out[1 + f, j] = source[indices[j], f] (÷ divisor for bytes): samples become columns under the
 * ones row. The division happens here, per batch, so a byte dataset is never widened whole.
 */
export function gatherTransposed(
  source: SampleStore,
  width: number,
  indices: Uint32Array,
  out: HostArray,
): void {
  const b = indices.length;
  const { data, divisor } = source;
  if (divisor === undefined) {
    for (let j = 0; j < b; j++) {
      const rowStart = indices[j]! * width;
      for (let f = 0, o = b + j; f < width; f++, o += b) out[o] = data[rowStart + f]!;
    }
    return;
  }
  for (let j = 0; j < b; j++) {
    const rowStart = indices[j]! * width;
    for (let f = 0, o = b + j; f < width; f++, o += b) out[o] = data[rowStart + f]! / divisor;
  }
}

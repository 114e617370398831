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
 * Eight samples at a time: each feature then writes eight neighbouring outputs instead of one
 * output a batch row away (2.2× faster for MNIST's 784×64 batches). A divisor of 1 for
 * non-byte data divides exactly, so every value is the one the plain loop would write.
 */
export function gatherTransposed(
  source: SampleStore,
  width: number,
  indices: Uint32Array,
  out: HostArray,
): void {
  const b = indices.length;
  const data = source.data;
  const d = source.divisor ?? 1;
  let j = 0;
  for (; j + 8 <= b; j += 8) {
    const s0 = indices[j]! * width;
    const s1 = indices[j + 1]! * width;
    const s2 = indices[j + 2]! * width;
    const s3 = indices[j + 3]! * width;
    const s4 = indices[j + 4]! * width;
    const s5 = indices[j + 5]! * width;
    const s6 = indices[j + 6]! * width;
    const s7 = indices[j + 7]! * width;
    for (let f = 0, o = b + j; f < width; f++, o += b) {
      out[o] = data[s0 + f]! / d;
      out[o + 1] = data[s1 + f]! / d;
      out[o + 2] = data[s2 + f]! / d;
      out[o + 3] = data[s3 + f]! / d;
      out[o + 4] = data[s4 + f]! / d;
      out[o + 5] = data[s5 + f]! / d;
      out[o + 6] = data[s6 + f]! / d;
      out[o + 7] = data[s7 + f]! / d;
    }
  }
  for (; j < b; j++) {
    const start = indices[j]! * width;
    for (let f = 0, o = b + j; f < width; f++, o += b) out[o] = data[start + f]! / d;
  }
}

import {
  checkAllFinite,
  checkDims,
  DEFAULT_DTYPE,
  type DType,
  type HostArray,
  hostArray,
  Tensor,
  ValueError,
} from '@mfnet/tensor';

/** A row-major m×n matrix held on the host. */
export interface HostMatrix {
  data: HostArray;
  shape: readonly [number, number];
}

/** What the data helpers accept as a matrix: a Tensor, or host numbers with a shape. */
export type MatrixInput = Tensor | { data: ArrayLike<number>; shape: readonly [number, number] };

/**
 * A host copy of `input` in `dtype` (the data package is where host data lives; a Tensor is
 * read back once). The copy is never shared with the caller, so later edits do not leak in.
 */
export function toHostMatrix(
  op: string,
  what: string,
  input: MatrixInput,
  dtype: DType,
): HostMatrix {
  if (isTensor(input)) {
    const data = input.toTypedArray(); // already a fresh copy
    const typed = matchesDType(data, dtype) ? data : convert(data, dtype);
    return { data: typed, shape: [input.rows, input.cols] };
  }
  if (input === null || typeof input !== 'object' || !('data' in input) || !('shape' in input)) {
    throw new ValueError(`${op}: ${what} must be a Tensor or { data, shape: [rows, cols] }`);
  }
  const shape = input.shape;
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new ValueError(`${op}: ${what}.shape must be [rows, cols], got ${JSON.stringify(shape)}`);
  }
  const [rows, cols] = shape as [number, number];
  checkDims(`${op}: ${what}`, rows, cols);
  if (input.data.length !== rows * cols) {
    throw new ValueError(
      `${op}: ${what} has shape [${rows}×${cols}], which needs ${rows * cols} elements; the data has ${input.data.length}`,
    );
  }
  checkAllFinite(`${op}: ${what}`, input.data, cols);
  return { data: convert(input.data, dtype), shape: [rows, cols] };
}

/**
 * The dtype a matrix input suggests: a Tensor's own, float32 for a Float32Array, else
 * `fallback` (float64 for host results; the backend's default dtype for its tensors).
 */
export function dtypeOf(input: MatrixInput, fallback: DType = DEFAULT_DTYPE): DType {
  if (isTensor(input)) return input.dtype;
  return input.data instanceof Float32Array ? 'float32' : fallback;
}

function matchesDType(data: HostArray, dtype: DType): boolean {
  return dtype === 'float64' ? data instanceof Float64Array : data instanceof Float32Array;
}

function convert(data: ArrayLike<number>, dtype: DType): HostArray {
  const out = hostArray(dtype, data.length);
  out.set(data as ArrayLike<number>);
  return out;
}

/** A Tensor, also one made by another copy of @mfnet/tensor (ESM and CJS builds side by side). */
export function isTensor(input: unknown): input is Tensor {
  if (input instanceof Tensor) return true;
  if (input === null || typeof input !== 'object') return false;
  const t = input as Partial<Tensor>;
  return typeof t.toTypedArray === 'function' && typeof t.backend === 'object' && 'handle' in t;
}

import { DTypeError } from './errors.js';

/** The element types a tensor can hold. float64 is the default, as in the paper (Sec. 1). */
export type DType = 'float64' | 'float32';

export const DTYPES: readonly DType[] = ['float64', 'float32'];

/** The CPU backend's default dtype. Tensors made without a dtype take their backend's `defaultDType`. */
export const DEFAULT_DTYPE: DType = 'float64';

/** A host-side copy of a tensor's elements, row-major. */
export type HostArray = Float64Array | Float32Array;

export function assertDType(dtype: unknown): DType {
  if (dtype === 'float64' || dtype === 'float32') return dtype;
  throw new DTypeError(`unknown dtype ${JSON.stringify(dtype)}: expected 'float64' or 'float32'`);
}

/** A new zero-filled host array of the given dtype. */
export function hostArray(dtype: DType, length: number): HostArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

import type { DType } from '../dtype.js';

/**
 * How close a backend's result must be to the float64 reference: an element passes when
 * |got − want| ≤ atol + rtol·scale, where scale is |want| for element-wise results and the sum
 * of the magnitudes of the summed terms for products and reductions (Σ_k |a_ik·b_kj|, Σ|x|),
 * the quantity that rounding errors of a sum are proportional to.
 */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** Tight for float64 (a few hundred ulps of the scale), loose for float32. */
export function defaultTolerance(dtype: DType): Tolerance {
  return dtype === 'float64' ? { rtol: 1e-12, atol: 1e-14 } : { rtol: 1e-4, atol: 1e-6 };
}

import type { Backend } from './backend.js';
import type { Tensor } from './tensor.js';

/**
 * Below and above these, Σx² may have under- or overflowed the dtype (float64: |x| beyond
 * ~1e145 or below ~1e-145; float32, where a backend sums in single precision: ~1e19, ~1e-15).
 */
const SAFE_SQUARES = {
  float64: [1e-290, 1e290],
  float32: [1e-30, 1e38],
} as const;

/** Powers of two up to 2^60 are exact in float32 as well as float64. */
const STEP = 60;

/**
 * The Frobenius norm, finite for every finite tensor: √Σx² when that sum is safely in range,
 * else, as BLAS nrm2 does, the largest magnitude s times √Σ(x/s)² — with x/s computed as x·2^e
 * for the power of two nearest 1/s, in exact steps of at most 2^60 so that no factor overflows
 * a float32.
 */
export function safeNorm(backend: Backend, a: Tensor): number {
  const squares = backend.dot(a, a);
  const [low, high] = SAFE_SQUARES[a.dtype];
  if (squares > low && squares < high) return Math.sqrt(squares);
  const scale = Math.max(Math.abs(backend.min(a)), Math.abs(backend.max(a)));
  if (scale === 0 || !Number.isFinite(scale)) return scale; // 0, Infinity or NaN
  const e = -Math.floor(Math.log2(scale)); // scale·2^e in [1, 2)
  const scaled = backend.affine(a, 1);
  try {
    for (let left = e; left !== 0; ) {
      const step = Math.max(-STEP, Math.min(STEP, left));
      backend.affine(scaled, 2 ** step, 0, scaled);
      left -= step;
    }
    const root = Math.sqrt(backend.dot(scaled, scaled));
    // root·2^−e, in two halves so that neither factor overflows.
    const half = Math.trunc(-e / 2);
    return root * 2 ** (-e - half) * 2 ** half;
  } finally {
    scaled.dispose();
  }
}

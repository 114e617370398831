import { ValueError } from '@mfnet/tensor';

/**
 * Root-mean-square error and the coefficient of determination R² = 1 − SSE/SST.
 *
 * R² is undefined when the targets do not vary (SST = 0, as with fewer than two rows): it
 * would be −Infinity or NaN, which JSON stores as null. That is refused with a ValueError
 * rather than given a made-up value, since no number says "R² does not exist" honestly; the
 * app checks its test split up front (`checkTestTargets`) so a run never gets that far.
 */
export function regressionMetrics(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): { rmse: number; r2: number } {
  const n = actual.length;
  if (predicted.length !== n) {
    throw new ValueError(
      `regressionMetrics: ${predicted.length} predictions for ${n} targets; give one per target`,
    );
  }
  const sst = totalSumOfSquares(actual);
  if (n < 2 || !(sst > 0)) {
    throw new ValueError(
      `regressionMetrics: R² needs at least 2 targets that differ (got ${n} target(s), variance ${sst / Math.max(n, 1)})`,
    );
  }
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (predicted[i]! - actual[i]!) ** 2;
  return { rmse: Math.sqrt(sse / n), r2: 1 - sse / sst };
}

/** Σ (yᵢ − ȳ)². */
export function totalSumOfSquares(actual: ArrayLike<number>): number {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (actual[i]! - mean) ** 2;
  return sst;
}

/** Root-mean-square error and the coefficient of determination R² = 1 − SSE/SST. */
export function regressionMetrics(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
): { rmse: number; r2: number } {
  const n = actual.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    sse += (predicted[i]! - actual[i]!) ** 2;
    sst += (actual[i]! - mean) ** 2;
  }
  return { rmse: Math.sqrt(sse / n), r2: 1 - sse / sst };
}

import { totalSumOfSquares } from '@mfnet/app-kit';
import { ValueError } from '@mfnet/tensor';

export { regressionMetrics } from '@mfnet/app-kit';

/**
 * Refuses, before any training, a test split on which R² is undefined: fewer than two rows, or
 * targets that are all equal. Names the data file and the option that sets the split.
 */
export function checkTestTargets(targets: ArrayLike<number>, testSize: number, file: string): void {
  const n = targets.length;
  if (n >= 2 && totalSumOfSquares(targets) > 0) return;
  throw new ValueError(
    `${file}: --test-size ${testSize} leaves ${n} test row(s)${n >= 2 ? ' whose targets are all equal' : ''}; ` +
      'R² needs at least 2 test rows with differing targets: use more data or a larger --test-size',
  );
}

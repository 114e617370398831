import type { Rows } from './appendix-a.js';

/** The largest |a[i][j] − b[i][j]| over the elements of `a` (b has at least a's shape). */
export function maxAbsDiff(a: Rows, b: Rows): number {
  let worst = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - b[i]![j]!));
    });
  });
  return worst;
}

import type { Tensor } from '@mfnet/tensor';
import { TargetError } from './errors.js';

/** How far a target column's sum may stray from 1. */
export const DEFAULT_TARGET_TOLERANCE = 1e-6;

/**
 * Throws a `TargetError` unless every column of `targets` (classes × samples, the bias row
 * already dropped) is a probability distribution: entries ≥ 0 summing to 1 within `tolerance`.
 * One-hot columns and soft labels both pass.
 *
 * The steady-state cost is a few element-wise passes and two scalar read-backs (the smallest
 * entry and the largest |column sum − 1|); only when a check fails are the column sums read
 * back to name the first bad column.
 */
export function checkTargetDistribution(
  loss: string,
  targets: Tensor,
  colSums: Tensor,
  colDeviation: Tensor,
  tolerance: number,
): void {
  const b = targets.backend;
  const smallest = b.min(targets);
  if (!(smallest >= 0)) {
    throw new TargetError(
      `${loss}.forward: targets must be probabilities ≥ 0 (one-hot or soft labels), but ` +
        `${describeFirstNegative(targets)}; row 0 of y, the bias row, is not counted here`,
    );
  }
  b.sumCols(targets, colSums);
  b.affine(colSums, 1, -1, colDeviation);
  b.unary('abs', colDeviation, colDeviation);
  const worst = b.max(colDeviation);
  if (!(worst <= tolerance)) {
    const sums = colSums.toTypedArray();
    let col = 0;
    while (col < sums.length - 1 && Math.abs(sums[col]! - 1) <= tolerance) col++;
    throw new TargetError(
      `${loss}.forward: each target column must sum to 1 (within ${tolerance}), but column ${col} ` +
        `(sample ${col} of ${sums.length}) sums to ${String(sums[col])}; one-hot encode the labels ` +
        'or normalise the distributions',
    );
  }
}

/** "column j (class i) holds v": found by reading `targets` back, on the error path only. */
function describeFirstNegative(targets: Tensor): string {
  const data = targets.toTypedArray();
  const { rows, cols } = targets;
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j]!;
      if (!(v >= 0)) return `column ${j} (sample ${j}), class row ${i + 1} of y holds ${String(v)}`;
    }
  }
  return 'a target is negative or NaN';
}

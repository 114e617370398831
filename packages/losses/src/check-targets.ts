import type { Tensor } from '@mfnet/tensor';
import { TargetError } from './errors.js';

/** How far a target column's sum may stray from 1. */
export const DEFAULT_TARGET_TOLERANCE = 1e-6;

/**
 * Throws a `TargetError` unless every column of the targets `y` ((C+1)×m, row 0 the bias row,
 * not counted) is a probability distribution: entries ≥ 0 summing to 1 within `tolerance`.
 * One-hot columns and soft labels both pass.
 *
 * It judges from the two numbers the backend's `crossEntropy` returns with the loss (the
 * smallest entry and the largest |column sum − 1|), so a passing check reads nothing back; only
 * when a check fails are the targets read back, to name the first bad column.
 */
export function checkTargetFacts(
  loss: string,
  y: Tensor,
  minTarget: number,
  maxColumnDeviation: number,
  tolerance: number,
): void {
  if (!(minTarget >= 0)) {
    throw new TargetError(
      `${loss}.forward: targets must be probabilities ≥ 0 (one-hot or soft labels), but ` +
        `${describeFirstNegative(y)}; row 0 of y, the bias row, is not counted here`,
    );
  }
  if (!(maxColumnDeviation <= tolerance)) {
    const sums = columnSums(y);
    let col = 0;
    while (col < sums.length - 1 && Math.abs(sums[col]! - 1) <= tolerance) col++;
    throw new TargetError(
      `${loss}.forward: each target column must sum to 1 (within ${tolerance}), but column ${col} ` +
        `(sample ${col} of ${sums.length}) sums to ${String(sums[col])}; one-hot encode the labels ` +
        'or normalise the distributions',
    );
  }
}

/** Σᵢ yᵢⱼ over rows i ≥ 1, in y's precision and row order (as the backend sums them). */
function columnSums(y: Tensor): number[] {
  const data = y.toTypedArray();
  const round = y.dtype === 'float32' ? Math.fround : (v: number) => v;
  const sums = new Array<number>(y.cols).fill(0);
  for (let i = 1; i < y.rows; i++) {
    for (let j = 0; j < y.cols; j++) sums[j] = round(sums[j]! + data[i * y.cols + j]!);
  }
  return sums;
}

/** "column j (class i) holds v": found by reading `y` back, on the error path only. */
function describeFirstNegative(y: Tensor): string {
  const data = y.toTypedArray();
  const { rows, cols } = y;
  for (let j = 0; j < cols; j++) {
    for (let i = 1; i < rows; i++) {
      const v = data[i * cols + j]!;
      if (!(v >= 0)) return `column ${j} (sample ${j}), class row ${i} of y holds ${String(v)}`;
    }
  }
  return 'a target is negative or NaN';
}

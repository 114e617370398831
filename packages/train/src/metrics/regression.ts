import { ShapeError } from '@mfnet/tensor';
import type { Metric, MetricBatch } from './metric.js';

function checkWidths(op: string, batch: MetricBatch): void {
  if (batch.outputs !== batch.targets) {
    throw new ShapeError(
      `${op}: the network gives ${batch.outputs} outputs per sample but the targets have ` +
        `${batch.targets} columns`,
    );
  }
}

/** A metric from the sums Σ(ŷ−y)², Σ|ŷ−y|, Σ(y−ȳ)² and the count, over every output value. */
function fromSums(op: string, finish: (s: Sums) => number): Metric<number> {
  return {
    accumulator: () => {
      const s: Sums = { squared: 0, absolute: 0, count: 0, mean: 0, m2: 0 };
      return {
        update(batch) {
          checkWidths(op, batch);
          const n = batch.samples * batch.outputs;
          for (let i = 0; i < n; i++) {
            const y = batch.target[i]!;
            const d = batch.output[i]! - y;
            s.squared += d * d;
            s.absolute += Math.abs(d);
            // Welford's update of the targets' mean and sum of squared deviations.
            s.count++;
            const delta = y - s.mean;
            s.mean += delta / s.count;
            s.m2 += delta * (y - s.mean);
          }
        },
        result: () => (s.count === 0 ? Number.NaN : finish(s)),
      };
    },
  };
}

interface Sums {
  squared: number;
  absolute: number;
  count: number;
  /** The targets' running mean and Σ(y − ȳ)² (Welford: stable, one pass, no copy of the targets). */
  mean: number;
  m2: number;
}

/** Mean squared error, mean of (ŷ − y)² over every output of every sample. */
export function mse(): Metric<number> {
  return fromSums('mse', (s) => s.squared / s.count);
}

/** Root mean squared error, √MSE. */
export function rmse(): Metric<number> {
  return fromSums('rmse', (s) => Math.sqrt(s.squared / s.count));
}

/** Mean absolute error, mean of |ŷ − y|. */
export function mae(): Metric<number> {
  return fromSums('mae', (s) => s.absolute / s.count);
}

/**
 * The coefficient of determination R² = 1 − Σ(ŷ − y)² / Σ(y − ȳ)², over every output value
 * (scikit-learn's `r2_score` for one output). NaN when the targets are all equal.
 */
export function r2(): Metric<number> {
  return fromSums('r2', (s) => (s.m2 === 0 ? Number.NaN : 1 - s.squared / s.m2));
}

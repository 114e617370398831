import { ShapeError, ValueError } from '@mfnet/tensor';
import type { Metric, MetricBatch } from './metric.js';

/**
 * The class of a target row: its index when the targets are one column of class indices, else
 * the position of its largest value (one-hot rows).
 */
function targetClass(batch: MetricBatch, i: number, op: string): number {
  const { target, targets, outputs } = batch;
  if (targets === 1 && outputs > 1) {
    const label = target[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= outputs) {
      throw new ValueError(
        `${op}: target ${i} of the batch is ${label}, not a class index in 0…${outputs - 1}`,
      );
    }
    return label;
  }
  if (targets !== outputs) {
    throw new ShapeError(
      `${op}: the network gives ${outputs} outputs per sample but the targets have ${targets} ` +
        'columns; give one-hot rows of the same width or one column of class indices',
    );
  }
  return argmax(target, i * targets, targets);
}

/** The position of the largest of `count` values from `start` (the first one on ties). */
function argmax(values: Float64Array, start: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[start + k]! > values[start + best]!) best = k;
  return best;
}

/** The `k` classes with the highest outputs contain the target class (ties: lower index first). */
function inTopK(batch: MetricBatch, i: number, label: number, k: number): boolean {
  const { output, outputs } = batch;
  const score = output[i * outputs + label]!;
  let above = 0;
  for (let c = 0; c < outputs; c++) {
    const s = output[i * outputs + c]!;
    if (s > score || (s === score && c < label)) above++;
  }
  return above < k;
}

/**
 * The fraction of samples whose highest output is the target class. Targets: one-hot rows or a
 * column of class indices.
 */
export function accuracy(): Metric<number> {
  return topKAccuracy(1, 'accuracy');
}

/** The fraction of samples whose target class is among the `k` highest outputs. */
export function topKAccuracy(k: number, op = 'topKAccuracy'): Metric<number> {
  if (!Number.isInteger(k) || k < 1) {
    throw new ValueError(`${op}: k must be a positive integer, got ${String(k)}`);
  }
  return {
    accumulator: () => {
      let correct = 0;
      let seen = 0;
      return {
        update(batch) {
          for (let i = 0; i < batch.samples; i++) {
            if (inTopK(batch, i, targetClass(batch, i, op), k)) correct++;
          }
          seen += batch.samples;
        },
        result: () => (seen === 0 ? Number.NaN : correct / seen),
      };
    },
  };
}

/**
 * The confusion matrix: entry [t][p] counts the samples of target class t whose highest output
 * is class p (rows: true class, columns: predicted), as scikit-learn's `confusion_matrix`.
 */
export function confusionMatrix(): Metric<number[][]> {
  const op = 'confusionMatrix';
  return {
    accumulator: () => {
      let counts: number[][] | undefined;
      return {
        update(batch) {
          const { outputs } = batch;
          counts ??= Array.from({ length: outputs }, () => new Array<number>(outputs).fill(0));
          for (let i = 0; i < batch.samples; i++) {
            const predicted = argmax(batch.output, i * outputs, outputs);
            counts[targetClass(batch, i, op)]![predicted]!++;
          }
        },
        result: () => counts ?? [],
      };
    },
  };
}

import type { ByteMatrix } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { accuracy, confusionMatrix, type Metric, type MetricBatch, predict } from '@mfnet/train';
import { CLASSES, PIXELS } from '../data/mnist.js';
import type { Evaluation, Misclassified } from './protocol.js';

/** How many misclassified images an evaluation keeps for the gallery. */
export const GALLERY_SIZE = 24;

/**
 * The network's class scores for the first `count` rows of X, sample-major (count × 10), in
 * batches of `chunk` so that only a batch of activations exists at a time (`predict`).
 */
export function classScores(
  net: NeuralNetwork,
  X: ByteMatrix,
  count = X.shape[0],
  chunk = 1000,
): Float64Array {
  const first: ByteMatrix = {
    ...X,
    data: X.data.subarray(0, count * PIXELS),
    shape: [count, PIXELS],
  };
  // predict gives float64 scores.
  return predict(net, first, { batchSize: chunk }).data as Float64Array;
}

/** The index of the largest of the 10 scores of sample `i` (the first on a tie). */
export function argmax(scores: ArrayLike<number>, i = 0): number {
  let best = 0;
  for (let k = 1; k < CLASSES; k++) {
    if (scores[i * CLASSES + k]! > scores[i * CLASSES + best]!) best = k;
  }
  return best;
}

/** Accuracy, confusion matrix and the first misclassified images on the first `count` test images. */
export function evaluate(
  net: NeuralNetwork,
  X: ByteMatrix,
  labels: Uint8Array,
  count = labels.length,
): Evaluation {
  const scores = classScores(net, X, count);
  // The scores against the labels (one column of class indices), as @mfnet/train measures them.
  const batch: MetricBatch = {
    output: scores,
    target: Float64Array.from(labels.subarray(0, count)),
    samples: count,
    outputs: CLASSES,
    targets: 1,
  };
  const measure = <R>(metric: Metric<R>): R => {
    const acc = metric.accumulator();
    acc.update(batch);
    return acc.result();
  };
  const misclassified: Misclassified[] = [];
  for (let i = 0; i < count && misclassified.length < GALLERY_SIZE; i++) {
    const label = labels[i]!;
    const predicted = argmax(scores, i);
    if (predicted !== label) {
      misclassified.push({
        index: i,
        label,
        predicted,
        pixels: X.data.slice(i * PIXELS, (i + 1) * PIXELS),
      });
    }
  }
  return { accuracy: measure(accuracy()), confusion: measure(confusionMatrix()), misclassified };
}

/** Softmax of 10 scores, in float64 (shifted by the maximum, so it never overflows). */
export function softmax(scores: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k]!);
  const e = Array.from({ length: scores.length }, (_, k) => Math.exp(scores[k]! - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

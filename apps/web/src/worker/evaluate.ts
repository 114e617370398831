import { type ByteMatrix, DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { CLASSES, PIXELS } from '../data/mnist.js';
import type { Evaluation, Misclassified } from './protocol.js';

/** How many misclassified images an evaluation keeps for the gallery. */
export const GALLERY_SIZE = 24;

/**
 * The network's class scores for the first `count` rows of X, sample-major (count × 10), in
 * batches of `chunk` so that only a batch of activations exists at a time.
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
  const none = { data: new Float64Array(count), shape: [count, 1] as [number, number] };
  const backend = net.parameters()[0]!.value.backend;
  const dtype = net.parameters()[0]!.value.dtype;
  const loader = new DataLoader(first, none, { batchSize: chunk, shuffle: false, backend, dtype });
  const scores = new Float64Array(count * CLASSES);
  for (const { x, indices } of loader.batches(0)) {
    // Outputs are (10+1) × b, feature-major with the bias row first.
    const out = net.forward(x).toTypedArray();
    const b = x.cols;
    for (let c = 0; c < b; c++) {
      for (let k = 0; k < CLASSES; k++) scores[indices[c]! * CLASSES + k] = out[(k + 1) * b + c]!;
    }
  }
  return scores;
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
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  const misclassified: Misclassified[] = [];
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    const predicted = argmax(scores, i);
    confusion[label]![predicted]!++;
    if (predicted === label) correct++;
    else if (misclassified.length < GALLERY_SIZE) {
      misclassified.push({
        index: i,
        label,
        predicted,
        pixels: X.data.slice(i * PIXELS, (i + 1) * PIXELS),
      });
    }
  }
  return { accuracy: correct / count, confusion, misclassified };
}

/** Softmax of 10 scores, in float64 (shifted by the maximum, so it never overflows). */
export function softmax(scores: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k]!);
  const e = Array.from({ length: scores.length }, (_, k) => Math.exp(scores[k]! - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

import { CLASSES } from './data.js';

/** Accuracy and the confusion matrix (rows: true class, columns: predicted) of class scores. */
export function classify(
  scores: ArrayLike<number>,
  labels: Uint8Array,
): { accuracy: number; confusion: number[][] } {
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  let correct = 0;
  labels.forEach((label, i) => {
    let best = 0;
    for (let k = 1; k < CLASSES; k++)
      if (scores[i * CLASSES + k]! > scores[i * CLASSES + best]!) best = k;
    confusion[label]![best]!++;
    if (best === label) correct++;
  });
  return { accuracy: correct / labels.length, confusion };
}

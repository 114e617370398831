import { MSELoss } from '@mfnet/losses';
import {
  accuracy,
  confusionMatrix,
  evaluate,
  type Metric,
  mae,
  mse,
  predict,
  r2,
  rmse,
  topKAccuracy,
} from '@mfnet/train';
import { describe, expect, it } from 'vitest';
import { regressionData, smallNet } from './helpers/problem.js';

/** A metric over sample-major rows, fed in batches of `batch` samples. */
function measure<R>(metric: Metric<R>, output: number[][], target: number[][], batch = 2): R {
  const acc = metric.accumulator();
  for (let start = 0; start < output.length; start += batch) {
    const out = output.slice(start, start + batch);
    const tgt = target.slice(start, start + batch);
    acc.update({
      output: Float64Array.from(out.flat()),
      target: Float64Array.from(tgt.flat()),
      samples: out.length,
      outputs: out[0]!.length,
      targets: tgt[0]!.length,
    });
  }
  return acc.result();
}

// Four samples, three classes. Predicted classes (highest output): 1, 0, 2, 2.
const scores = [
  [0.1, 0.7, 0.2],
  [0.5, 0.3, 0.2],
  [0.2, 0.3, 0.5],
  [0.3, 0.25, 0.45],
];
const labels = [[1], [1], [2], [0]];
const oneHot = labels.map(([c]) => [0, 1, 2].map((k) => (k === c ? 1 : 0)));

describe('classification metrics', () => {
  it('accuracy, from class indices or one-hot rows', () => {
    expect(measure(accuracy(), scores, labels)).toBe(0.5);
    expect(measure(accuracy(), scores, oneHot)).toBe(0.5);
  });

  it('top-k accuracy: the target among the k highest outputs', () => {
    // Ranks of the target: sample 0 → 1st, 1 → 2nd, 2 → 1st, 3 → 2nd.
    expect(measure(topKAccuracy(1), scores, labels)).toBe(0.5);
    expect(measure(topKAccuracy(2), scores, labels)).toBe(1);
  });

  it('confusion matrix: rows true class, columns predicted', () => {
    expect(measure(confusionMatrix(), scores, labels)).toEqual([
      [0, 0, 1],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('refuses a class index out of range, naming it', () => {
    expect(() => measure(accuracy(), scores, [[1], [3], [2], [0]])).toThrow(
      /accuracy: target 1 of the batch is 3, not a class index in 0…2/,
    );
  });
});

describe('regression metrics', () => {
  const predicted = [[1], [2], [3], [5]];
  const actual = [[1.5], [2], [2], [6]];
  // Errors 0.5, 0, −1, 1 (ŷ − y): Σe² = 2.25, Σ|e| = 2.5; ȳ = 2.875, Σ(y − ȳ)² = 13.1875.
  it('MSE, RMSE, MAE, R²', () => {
    expect(measure(mse(), predicted, actual)).toBe(2.25 / 4);
    expect(measure(rmse(), predicted, actual)).toBe(Math.sqrt(2.25 / 4));
    expect(measure(mae(), predicted, actual)).toBe(2.5 / 4);
    expect(measure(r2(), predicted, actual)).toBeCloseTo(1 - 2.25 / 13.1875, 14);
  });
});

describe('predict and evaluate', () => {
  const net = smallNet();
  const { x, y } = regressionData(50);

  it('predict: sample-major outputs, the same for any batch size as one whole forward pass', () => {
    const whole = predict(net, x, { batchSize: 50 });
    expect(whole.shape).toEqual([50, 1]);
    expect(predict(net, x, { batchSize: 7 })).toEqual(whole);
    // Sample 13's output by hand through the network (one sample as its own batch).
    expect(predict(net, [x[13]!]).data[0]).toBe(whole.data[13]);
  });

  it('evaluate: metrics and the loss over every sample, batched', () => {
    const predicted = Array.from(predict(net, x).data, (v) => [v]);
    const actual = y.map((v) => [v]);
    const result = evaluate(
      net,
      { x, y },
      { rmse: rmse(), r2: r2() },
      { loss: new MSELoss(), batchSize: 8 },
    );
    expect(result.rmse).toBeCloseTo(measure(rmse(), predicted, actual, 50), 14);
    expect(result.r2).toBeCloseTo(measure(r2(), predicted, actual, 50), 14);
    const whole = evaluate(net, { x, y }, {}, { loss: new MSELoss(), batchSize: 50 });
    expect(result.loss).toBeCloseTo(whole.loss!, 14);
  });
});

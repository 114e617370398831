import type { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import type { Loss } from '@mfnet/losses';
import { sampleMajor } from './batches.js';
import { type Dataset, loaderFor } from './data.js';
import type { Metric, MetricAccumulator, MetricResult } from './metrics/metric.js';
import { batchSizeOf } from './predict.js';

/** Metrics by the name their result is given under. */
export type Metrics = Readonly<Record<string, Metric<unknown>>>;

/** Each metric's result under its name, and the mean loss when a loss was given. */
export type Evaluation<M extends Metrics> = { -readonly [K in keyof M]: MetricResult<M[K]> } & {
  loss?: number;
};

export interface EvaluateOptions {
  /** Also the mean loss over the data (batch losses weighted by batch size). */
  loss?: Loss;
  /** Samples per forward pass for sample-major arrays (default 1024). */
  batchSize?: number;
}

/**
 * Measures the network on `data` (a DataLoader, or sample-major `{ x, y }`): each metric over
 * every sample, a batch at a time (no more than one batch of activations at once).
 *
 * @example
 * const { accuracy: acc } = evaluate(net, { x: testX, y: testY }, { accuracy: accuracy() });
 */
export function evaluate<const M extends Metrics>(
  net: NeuralNetwork,
  data: Dataset,
  metrics: M,
  options: EvaluateOptions = {},
): Evaluation<M> {
  const op = 'evaluate';
  const batchSize = batchSizeOf(op, options.batchSize, 1024);
  const loader = loaderFor(op, net, data, { batchSize, shuffle: false });
  try {
    const pass = evaluationPass(net, loader, metrics, options.loss);
    for (let step = pass.next(); ; step = pass.next()) if (step.done) return step.value;
  } finally {
    if (loader !== data) loader.dispose();
  }
}

/**
 * `evaluate` over a loader's epoch-0 batches, as a generator that pauses after every batch (so
 * that `fit` can give the event loop a turn between them) and returns the evaluation.
 */
export function* evaluationPass<M extends Metrics>(
  net: NeuralNetwork,
  loader: DataLoader,
  metrics: M,
  loss: Loss | undefined,
): Generator<void, Evaluation<M>, undefined> {
  const accumulators = Object.entries(metrics).map(
    ([name, metric]) => [name, metric.accumulator()] as [string, MetricAccumulator<unknown>],
  );
  let lossSum = 0;
  let samples = 0;
  for (const { x, y } of loader.batches(0)) {
    const out = net.forward(x);
    if (loss !== undefined) lossSum += loss.forward(out, y) * x.cols;
    samples += x.cols;
    if (accumulators.length === 0) {
      yield;
      continue;
    }
    const output = sampleMajor(out);
    const target = sampleMajor(y);
    const batch = {
      output: output.values,
      target: target.values,
      samples: output.samples,
      outputs: output.width,
      targets: target.width,
    };
    for (const [, acc] of accumulators) acc.update(batch);
    yield;
  }
  const result: Record<string, unknown> = {};
  for (const [name, acc] of accumulators) result[name] = acc.result();
  if (loss !== undefined) result.loss = lossSum / samples;
  return result as Evaluation<M>;
}

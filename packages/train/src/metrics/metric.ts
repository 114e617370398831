/** One batch of a metric's input: network outputs and targets, sample-major (row i = sample i). */
export interface MetricBatch {
  /** samples × outputs, row-major. */
  output: Float64Array;
  /** samples × targets, row-major: one-hot rows, class indices (one column) or values. */
  target: Float64Array;
  samples: number;
  outputs: number;
  targets: number;
}

/** A running computation of a metric over the batches of one pass. */
export interface MetricAccumulator<R> {
  update(batch: MetricBatch): void;
  result(): R;
}

/**
 * A metric: each pass over a data set (`evaluate`, or `fit`'s validation after an epoch) takes a
 * fresh accumulator and feeds it every batch, so no more than a batch of outputs is held at once.
 */
export interface Metric<R = number> {
  accumulator(): MetricAccumulator<R>;
}

/** What a metric gives back. */
export type MetricResult<M> = M extends Metric<infer R> ? R : never;

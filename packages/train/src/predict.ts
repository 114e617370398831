import { DataLoader, type HostMatrix } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { ValueError } from '@mfnet/tensor';
import { sampleMajor } from './batches.js';
import { placement, type SampleMatrix, toMatrixInput } from './data.js';

export interface PredictOptions {
  /** Samples per forward pass (default 1024): the most activations held at once. */
  batchSize?: number;
}

/** Checks a batch size option. */
export function batchSizeOf(op: string, value: number | undefined, fallback: number): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < 1) {
    throw new ValueError(`${op}: batchSize must be a positive integer, got ${String(value)}`);
  }
  return size;
}

/**
 * The network's outputs for every sample of `x` (samples × features, sample-major), as a
 * samples × outputs row-major host matrix (float64). The samples go through the network a batch
 * at a time, so no more than one batch of activations exists at once; a ByteMatrix stays bytes.
 */
export function predict(
  net: NeuralNetwork,
  x: SampleMatrix,
  options: PredictOptions = {},
): HostMatrix {
  const op = 'predict';
  const batchSize = batchSizeOf(op, options.batchSize, 1024);
  const input = toMatrixInput(op, 'x', x);
  const m = input.shape[0];
  // The loader needs targets: one column of zeros (m values), never read.
  const none = { data: new Float64Array(m), shape: [m, 1] as const };
  const loader = new DataLoader(input, none, { ...placement(net), batchSize, shuffle: false });
  let result: Float64Array | undefined;
  let outputs = 0;
  try {
    for (const { x: batch, indices } of loader.batches(0)) {
      const { values, width } = sampleMajor(net.forward(batch));
      outputs = width;
      result ??= new Float64Array(m * width);
      // Not shuffled: the batch holds samples indices[0]…, in order.
      result.set(values, indices[0]! * width);
    }
  } finally {
    loader.dispose();
  }
  return { data: result ?? new Float64Array(0), shape: [m, outputs] };
}

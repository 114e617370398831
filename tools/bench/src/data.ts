import {
  loadCaliforniaHousing,
  oneHotMatrix,
  readMnist,
  StandardScaler,
  trainTestSplit,
} from '@mfnet/data/node';

/** A training set every framework sees identically: samples as rows, float64 on the host. */
export interface TrainSet {
  /** m×features, row-major. */
  x: Float64Array;
  /** m×outputs, row-major (one-hot for classification). */
  y: Float64Array;
  samples: number;
  features: number;
  outputs: number;
}

/** One epoch's workload: the network, the loss and the optimizer, as the issue fixes them. */
export interface Workload {
  name: 'mnist' | 'housing';
  data: TrainSet;
  /** Layer sizes, input to output (ReLU between Linear layers, identity after the last). */
  sizes: readonly number[];
  batchSize: number;
  loss: 'ce' | 'mse';
  /** Plain SGD. */
  lr: number;
}

export interface BenchData {
  mnist: Workload;
  housing: Workload;
}

/**
 * MNIST's 60,000 training images (x/255) with one-hot labels, 784-128-64-10 with batch 64; and
 * California Housing's training part (80%, standardised features), 8-64-64-1 with batch 32.
 * `dataDir` is the folder holding `mnist/` and `california-housing/` (e.g. shared/datasets).
 */
export async function loadBenchData(dataDir: string, mnistSamples?: number): Promise<BenchData> {
  const { train } = await readMnist({ dir: `${dataDir}/mnist` });
  const m = Math.min(mnistSamples ?? train.count, train.count);
  const pixels = new Float64Array(m * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = train.pixels[i]! / 255;
  const labels = oneHotMatrix(train.labels.subarray(0, m), 10);

  const housing = await loadCaliforniaHousing({ dir: `${dataDir}/california-housing` });
  const split = trainTestSplit(housing.arrays.features, housing.arrays.target, {
    testSize: 0.2,
    seed: 0,
  });
  const scaled = new StandardScaler().fit(split.xTrain).transform(split.xTrain);

  return {
    mnist: {
      name: 'mnist',
      data: {
        x: pixels,
        y: Float64Array.from(labels.data),
        samples: m,
        features: 784,
        outputs: 10,
      },
      sizes: [784, 128, 64, 10],
      batchSize: 64,
      loss: 'ce',
      lr: 0.1,
    },
    housing: {
      name: 'housing',
      data: {
        x: Float64Array.from(scaled.data),
        y: Float64Array.from(split.yTrain.data),
        samples: split.xTrain.shape[0],
        features: 8,
        outputs: 1,
      },
      sizes: [8, 64, 64, 1],
      batchSize: 32,
      loss: 'mse',
      lr: 0.001,
    },
  };
}

import {
  loadCaliforniaHousingTrainingSet,
  loadMnistTrainingSet,
  MNIST_CLASSES,
  MNIST_PIXELS,
  scalePixels,
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
  // The apps' data (@mfnet/data/node), widened to float64 rows for every framework.
  const mnist = await loadMnistTrainingSet({
    dir: `${dataDir}/mnist`,
    ...(mnistSamples === undefined ? {} : { trainSamples: mnistSamples }),
  });
  const housing = await loadCaliforniaHousingTrainingSet({
    dir: `${dataDir}/california-housing`,
    testSize: 0.2,
    seed: 0,
  });
  return {
    mnist: {
      name: 'mnist',
      data: {
        x: Float64Array.from(scalePixels(mnist.trainX.data, 'float64')),
        y: Float64Array.from(mnist.trainY.data),
        samples: mnist.trainX.shape[0],
        features: MNIST_PIXELS,
        outputs: MNIST_CLASSES,
      },
      sizes: [MNIST_PIXELS, 128, 64, MNIST_CLASSES],
      batchSize: 64,
      loss: 'ce',
      lr: 0.1,
    },
    housing: {
      name: 'housing',
      data: {
        x: Float64Array.from(housing.xTrain.data),
        y: Float64Array.from(housing.yTrain.data),
        samples: housing.xTrain.shape[0],
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

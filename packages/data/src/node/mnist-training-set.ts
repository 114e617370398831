import type { ByteMatrix } from '../byte-matrix.js';
import type { HostMatrix } from '../matrix.js';
import { oneHotMatrix } from '../one-hot.js';
import { type MnistBytes, type MnistSource, type MnistSourceOptions, readMnist } from './mnist.js';

/** Pixels per MNIST image (28×28) and classes (the digits 0…9). */
export const MNIST_PIXELS = 784;
export const MNIST_CLASSES = 10;

/** MNIST as a classifier trains on it: samples as rows, pixels for [0, 1], one-hot targets. */
export interface MnistTrainingSet {
  /** m×784 pixel bytes standing for [0, 1] (divisor 255): the DataLoader divides per batch. */
  trainX: ByteMatrix;
  /** m×10 one-hot labels. */
  trainY: HostMatrix;
  /** The whole test set, 10,000×784 bytes for [0, 1]. */
  testX: ByteMatrix;
  /** Its 10,000×10 one-hot labels, and the labels themselves. */
  testY: HostMatrix;
  testLabels: Uint8Array;
  source: MnistSource;
}

export interface MnistTrainingSetOptions extends MnistSourceOptions {
  /** Keep only the first N training images (default: all 60,000). */
  trainSamples?: number;
}

/**
 * Pixels as an m×784 matrix of bytes standing for x/255, the same IEEE division PyTorch does,
 * done per batch by the loader: the images are held once, as bytes (47 MB, not 376).
 */
function pixelMatrix(split: MnistBytes, count: number): ByteMatrix {
  const data = split.pixels.subarray(0, count * split.pixelsPerImage);
  return { data, shape: [count, split.pixelsPerImage], divisor: 255 };
}

/**
 * MNIST prepared for training a classifier, as mfnet's apps, tools/compare and tools/bench use
 * it: the first `trainSamples` training images and the whole test set, pixels scaled to [0, 1]
 * (x/255, as bytes), labels one-hot. Where it reads from: see `readMnist`.
 */
export async function loadMnistTrainingSet(
  options: MnistTrainingSetOptions = {},
): Promise<MnistTrainingSet> {
  const { trainSamples, ...sourceOptions } = options;
  const { train, test, source } = await readMnist(sourceOptions);
  const m = Math.min(trainSamples ?? train.count, train.count);
  return {
    trainX: pixelMatrix(train, m),
    trainY: oneHotMatrix(train.labels.subarray(0, m), MNIST_CLASSES),
    testX: pixelMatrix(test, test.count),
    testY: oneHotMatrix(test.labels, MNIST_CLASSES),
    testLabels: test.labels,
    source,
  };
}

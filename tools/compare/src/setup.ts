import { type ActivationName, notFoundForCli, userPath } from '@mfnet/app-kit';
import {
  type ByteMatrix,
  type HostMatrix,
  loadCaliforniaHousingTrainingSet,
  loadMnistTrainingSet,
  MNIST_CLASSES,
  MNIST_PIXELS,
} from '@mfnet/data/node';
import type { CompareConfig } from './options.js';

/** One side-by-side experiment: the same data, network and optimizer for both frameworks. */
export interface Experiment {
  task: 'classification' | 'regression';
  sizes: number[];
  activation: ActivationName;
  optimizer: CompareConfig['optimizer'];
  batchSize: number;
  /** MNIST's are bytes with divisor 255 (PyTorch divides them itself, as mfnet's loader does). */
  trainX: HostMatrix | ByteMatrix;
  trainY: HostMatrix;
  testX: HostMatrix | ByteMatrix;
  /** Classification: one-hot; regression: values. */
  testY: HostMatrix;
}

/** Flags the user set, so that each app keeps its own defaults for the rest. */
export async function loadExperiment(
  config: CompareConfig,
  given: ReadonlySet<string>,
): Promise<Experiment> {
  const dataDir = config.dataDir === undefined ? undefined : userPath(config.dataDir);
  const dir = dataDir === undefined ? {} : { dir: dataDir };
  // "Not found" in this command's options: --data-dir and MFNET_DATA_DIR (it has no --download).
  const notFound = (name: string, files: string) => (error: unknown) => {
    throw notFoundForCli(error, { name, files, dataDir, canDownload: false });
  };
  if (config.app === 'mnist') {
    const data = await loadMnistTrainingSet({ ...dir, trainSamples: config.trainSamples }).catch(
      notFound('MNIST', 'the four MNIST files (raw or .gz)'),
    );
    return {
      task: 'classification',
      sizes: [MNIST_PIXELS, ...config.hidden, MNIST_CLASSES],
      activation: config.activation,
      optimizer: config.optimizer,
      batchSize: config.batchSize,
      trainX: data.trainX,
      trainY: data.trainY,
      testX: data.testX,
      testY: data.testY,
    };
  }
  const data = await loadCaliforniaHousingTrainingSet({
    ...dir,
    testSize: 0.2,
    seed: config.seed,
  }).catch(notFound('California Housing', 'cal_housing.data'));
  return {
    task: 'regression',
    sizes: [data.featureNames.length, ...(given.has('hidden') ? config.hidden : [64, 64]), 1],
    activation: config.activation,
    optimizer: given.has('optimizer') ? config.optimizer : 'adam',
    batchSize: given.has('batchSize') ? config.batchSize : 32,
    trainX: data.xTrain,
    trainY: data.yTrain,
    testX: data.xTest,
    testY: data.yTest,
  };
}

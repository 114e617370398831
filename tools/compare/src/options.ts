import { type OptionValues, trainingOptions } from '@mfnet/app-kit';

const shared = trainingOptions({
  epochs: 1,
  batchSize: 64,
  hidden: [128, 64],
  optimizer: 'sgd',
  out: 'runs/compare',
});

/** The comparison's options: the apps' training options, plus what the comparison needs. */
export const compareOptions = {
  app: {
    type: 'choice',
    choices: ['mnist', 'housing'],
    default: 'mnist',
    help: 'which app to compare',
  },
  epochs: shared.epochs,
  batchSize: { ...shared.batchSize, help: 'samples per mini-batch (housing uses 32 unless set)' },
  lr: shared.lr,
  optimizer: {
    ...shared.optimizer,
    help: 'sgd, momentum (0.9) or adam (mnist defaults to sgd, housing to adam)',
  },
  hidden: { ...shared.hidden, help: 'hidden layer sizes (housing uses 64,64 unless set)' },
  activation: shared.activation,
  dtype: shared.dtype,
  seed: shared.seed,
  maxGradNorm: shared.maxGradNorm,
  dataDir: shared.dataDir,
  trainSamples: {
    type: 'int',
    default: 60000,
    min: 1,
    max: 60000,
    help: 'MNIST: train on the first N images',
  },
  steps: {
    type: 'int',
    default: 100,
    min: 1,
    help: 'compare the loss of each of the first N steps',
  },
  threads: {
    type: 'int',
    default: 2,
    min: 1,
    help: "PyTorch's threads; more than 1 also puts mfnet's large products on two threads",
  },
  python: { type: 'string', default: '/usr/bin/python3', help: 'the Python that has torch' },
  out: shared.out,
  json: { type: 'boolean', default: false, help: 'print the comparison as JSON' },
} as const;

export type CompareConfig = OptionValues<typeof compareOptions>;

import { exportOptions, type OptionValues, trainingOptions } from '@mfnet/app-kit';

/** The MNIST app's options: the shared training options with MNIST's defaults. */
export const mnistOptions = {
  ...trainingOptions({
    epochs: 10,
    batchSize: 64,
    hidden: [128, 64],
    optimizer: 'sgd',
    out: 'runs/mnist',
  }),
  trainSamples: {
    type: 'int',
    default: 60000,
    min: 1,
    max: 60000,
    help: 'train on the first N training images only (for quick trials)',
  },
  ...exportOptions,
} as const;

export type MnistConfig = OptionValues<typeof mnistOptions>;

/** The defaults, for `train()` callers who set only some options. */
export function mnistConfig(overrides: Partial<MnistConfig> = {}): MnistConfig {
  const defaults = Object.fromEntries(
    Object.entries(mnistOptions).map(([k, s]) => [k, s.default]),
  ) as MnistConfig;
  return { ...defaults, ...overrides };
}

import { exportOptions, type OptionValues, trainingOptions } from '@mfnet/app-kit';

/** The housing app's options: the shared training options with California Housing's defaults. */
export const housingOptions = {
  ...trainingOptions({
    epochs: 100,
    batchSize: 32,
    hidden: [64, 64],
    optimizer: 'adam',
    out: 'runs/housing',
  }),
  testSize: {
    type: 'number',
    default: 0.2,
    min: 0.01,
    max: 0.99,
    help: 'fraction of the block groups held out for testing (seeded split)',
  },
  ...exportOptions,
} as const;

export type HousingConfig = OptionValues<typeof housingOptions>;

/** The defaults, for `train()` callers who set only some options. */
export function housingConfig(overrides: Partial<HousingConfig> = {}): HousingConfig {
  const defaults = Object.fromEntries(
    Object.entries(housingOptions).map(([k, s]) => [k, s.default]),
  ) as HousingConfig;
  return { ...defaults, ...overrides };
}

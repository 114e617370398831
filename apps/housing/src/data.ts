import { notFoundForCli, userPath } from '@mfnet/app-kit';
import {
  type CaliforniaHousingTrainingSet,
  type LoadCaliforniaHousingOptions,
  loadCaliforniaHousingTrainingSet,
} from '@mfnet/data/node';
import { checkTestTargets } from './metrics.js';
import type { HousingConfig } from './options.js';

export type HousingData = CaliforniaHousingTrainingSet;

/** Where to look for and fetch the data, beyond the options (for tests and mirrors). */
export type HousingSources = Pick<LoadCaliforniaHousingOptions, 'cacheDir' | 'urls' | 'env'>;

/**
 * The app's data (`loadCaliforniaHousingTrainingSet`: a seeded train/test split, features
 * standardised on the training part), with "not found" told in the app's options and a test
 * part on which R² exists.
 */
export async function loadHousingData(
  config: Pick<HousingConfig, 'dataDir' | 'download' | 'testSize' | 'seed'>,
  sources: HousingSources = {},
): Promise<HousingData> {
  const dir = config.dataDir === undefined ? undefined : userPath(config.dataDir);
  const data = await loadCaliforniaHousingTrainingSet({
    ...(dir === undefined ? {} : { dir }),
    download: config.download,
    testSize: config.testSize,
    seed: config.seed,
    ...sources,
  }).catch((error: unknown) => {
    throw notFoundForCli(error, {
      name: 'California Housing',
      files: 'cal_housing.data',
      dataDir: dir,
    });
  });
  checkTestTargets(data.yTest.data, config.testSize, data.source.file);
  return data;
}

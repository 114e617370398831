import { notFoundForCli, userPath } from '@mfnet/app-kit';
import {
  type HostMatrix,
  type LoadCaliforniaHousingOptions,
  loadCaliforniaHousing,
  StandardScaler,
  trainTestSplit,
} from '@mfnet/data/node';
import { checkTestTargets } from './metrics.js';
import type { HousingConfig } from './options.js';

export interface HousingData {
  /** Standardised features (scaler fit on the training part). */
  xTrain: HostMatrix;
  /** Targets in $100,000, m×1. */
  yTrain: HostMatrix;
  xTest: HostMatrix;
  yTest: HostMatrix;
  scaler: StandardScaler;
  featureNames: readonly string[];
  source: { kind: string; file: string };
}

/** Where to look for and fetch the data, beyond the options (for tests and mirrors). */
export type HousingSources = Pick<LoadCaliforniaHousingOptions, 'cacheDir' | 'urls' | 'env'>;

/** The app's data: a seeded train/test split, features standardised on the training part. */
export async function loadHousingData(
  config: Pick<HousingConfig, 'dataDir' | 'download' | 'testSize' | 'seed'>,
  sources: HousingSources = {},
): Promise<HousingData> {
  const dir = config.dataDir === undefined ? undefined : userPath(config.dataDir);
  const data = await loadCaliforniaHousing({
    ...(dir === undefined ? {} : { dir }),
    download: config.download,
    ...sources,
  }).catch((error: unknown) => {
    throw notFoundForCli(error, {
      name: 'California Housing',
      files: 'cal_housing.data',
      dataDir: dir,
    });
  });
  const split = trainTestSplit(data.arrays.features, data.arrays.target, {
    testSize: config.testSize,
    seed: config.seed,
  });
  checkTestTargets(split.yTest.data, config.testSize, data.source.file);
  const scaler = new StandardScaler().fit(split.xTrain);
  return {
    xTrain: scaler.transform(split.xTrain) as HostMatrix,
    yTrain: split.yTrain,
    xTest: scaler.transform(split.xTest) as HostMatrix,
    yTest: split.yTest,
    scaler,
    featureNames: data.featureNames,
    source: data.source,
  };
}

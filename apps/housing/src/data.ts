import { userPath } from '@mfnet/app-kit';
import {
  type HostMatrix,
  type LoadCaliforniaHousingOptions,
  loadCaliforniaHousing,
  StandardScaler,
  trainTestSplit,
} from '@mfnet/data/node';
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
  const data = await loadCaliforniaHousing({
    ...(config.dataDir === undefined ? {} : { dir: userPath(config.dataDir) }),
    download: config.download,
    ...sources,
  });
  const split = trainTestSplit(data.arrays.features, data.arrays.target, {
    testSize: config.testSize,
    seed: config.seed,
  });
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

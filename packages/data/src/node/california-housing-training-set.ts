import type { HostMatrix } from '../matrix.js';
import { StandardScaler } from '../standard-scaler.js';
import { trainTestSplit } from '../train-test-split.js';
import {
  type CaliforniaHousing,
  type LoadCaliforniaHousingOptions,
  loadCaliforniaHousing,
} from './california-housing.js';

/** California Housing as a regression trains on it: a seeded split, standardised features. */
export interface CaliforniaHousingTrainingSet {
  /** Standardised features (the scaler is fit on the training part only). */
  xTrain: HostMatrix;
  /** Targets in $100,000, m×1. */
  yTrain: HostMatrix;
  xTest: HostMatrix;
  yTest: HostMatrix;
  /** The scaler fit on the training part (for exports that take raw features). */
  scaler: StandardScaler;
  featureNames: readonly string[];
  source: CaliforniaHousing['source'];
}

export interface CaliforniaHousingTrainingSetOptions
  extends Omit<LoadCaliforniaHousingOptions, 'dtype' | 'backend'> {
  /** The fraction held out for testing (default 0.2). */
  testSize?: number;
  /** The seed of the split (default 0). */
  seed?: number;
}

/**
 * California Housing prepared for training a regression, as mfnet's apps, tools/compare and
 * tools/bench use it: a seeded train/test split (`trainTestSplit`), then the features
 * standardised with a `StandardScaler` fit on the training part. Where it reads from: see
 * `loadCaliforniaHousing`.
 */
export async function loadCaliforniaHousingTrainingSet(
  options: CaliforniaHousingTrainingSetOptions = {},
): Promise<CaliforniaHousingTrainingSet> {
  const { testSize = 0.2, seed = 0, ...sourceOptions } = options;
  const data = await loadCaliforniaHousing(sourceOptions);
  const split = trainTestSplit(data.arrays.features, data.arrays.target, { testSize, seed });
  const scaler = new StandardScaler().fit(split.xTrain);
  return {
    xTrain: scaler.transform(split.xTrain),
    yTrain: split.yTrain,
    xTest: scaler.transform(split.xTest),
    yTest: split.yTest,
    scaler,
    featureNames: data.featureNames,
    source: data.source,
  };
}

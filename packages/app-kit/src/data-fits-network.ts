import type { MatrixInput } from '@mfnet/data';
import { ShapeError } from '@mfnet/tensor';

/**
 * Checks the training data against the network before anything is built: samples × features
 * matching the input layer, samples × outputs matching the last layer, as many targets as
 * samples and at least one sample. A loader would otherwise read misaligned values.
 */
export function checkDataFitsNetwork(
  train: { x: MatrixInput; y: MatrixInput },
  sizes: readonly number[],
): void {
  const [m, features] = train.x.shape;
  const [targets, outputs] = train.y.shape;
  const inputs = sizes[0];
  const last = sizes.at(-1);
  if (m < 1) {
    throw new ShapeError(`training data: no samples (x is ${m} × ${features})`);
  }
  if (features !== inputs) {
    throw new ShapeError(
      `training data: each sample has ${features} features, but the network ${sizes.join('-')} takes ${inputs}`,
    );
  }
  if (outputs !== last) {
    throw new ShapeError(
      `training data: each target has ${outputs} values, but the network ${sizes.join('-')} gives ${last}`,
    );
  }
  if (targets !== m) {
    throw new ShapeError(`training data: ${m} samples but ${targets} targets`);
  }
}

import type { Callback } from '@mfnet/train';

/**
 * Adds an app's own numbers (test accuracy, test RMSE…) to each epoch's record, measured after
 * the epoch: put it first among the callbacks, so that the epoch's line, the divergence
 * warnings and the checkpoint see them.
 */
export function epochMetrics(measure: () => Record<string, number>): Callback {
  return {
    name: 'epochMetrics',
    onEpochEnd(record) {
      Object.assign(record, measure());
    },
  };
}

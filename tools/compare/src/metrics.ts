import { regressionMetrics } from '@mfnet/app-kit';
import type { HostMatrix } from '@mfnet/data';

/**
 * The test metrics both frameworks report, computed the same way: accuracy (argmax against the
 * one-hot target) for classification; RMSE and R² over all outputs for regression.
 */
export function metricsOf(
  task: 'classification' | 'regression',
  predicted: ArrayLike<number>,
  target: HostMatrix,
): Record<string, number> {
  const [m, k] = target.shape;
  const y = target.data;
  if (task === 'classification') {
    let correct = 0;
    for (let i = 0; i < m; i++) {
      let best = 0;
      let truth = 0;
      for (let j = 1; j < k; j++) {
        if (predicted[i * k + j]! > predicted[i * k + best]!) best = j;
        if (y[i * k + j]! > y[i * k + truth]!) truth = j;
      }
      if (best === truth) correct++;
    }
    return { accuracy: correct / m };
  }
  return regressionMetrics(predicted, y);
}

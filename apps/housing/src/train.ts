import {
  curvesSpec,
  type EpochRecord,
  openSession,
  predict,
  predictedVsActualSpec,
  prepareTraining,
  trainLoop,
  withoutExportOptions,
  writeExports,
  writeRunOutputs,
} from '@mfnet/app-kit';
import { MSELoss } from '@mfnet/losses';
import { type HousingSources, loadHousingData } from './data.js';
import { regressionMetrics } from './metrics.js';
import { type HousingConfig, housingConfig } from './options.js';

export interface HousingResult {
  history: EpochRecord[];
  rmse: number;
  r2: number;
  outDir: string;
  files: string[];
}

/**
 * Trains an 8-…-1 regression network on California Housing with MSE (Sec. 4.1): features
 * standardised on the training part of a seeded split, the target in $100,000. Reports test
 * RMSE and R² after every epoch and writes the model, metrics.json, charts and a checkpoint.
 */
export async function train(
  overrides: Partial<HousingConfig> = {},
  sources: HousingSources = {},
): Promise<HousingResult> {
  const config = housingConfig(overrides);
  const session = await openSession(config);
  const { backend, dtype, outDir, log } = session;

  const data = await loadHousingData(config, sources);
  const { xTrain, xTest, scaler } = data;
  log(
    `California Housing from ${data.source.kind} (${data.source.file}): ${xTrain.shape[0]} training and ${xTest.shape[0]} test block groups`,
  );

  const sizes = [data.featureNames.length, ...config.hidden, 1];
  const training = await prepareTraining(session, withoutExportOptions(config), sizes, {
    x: xTrain,
    y: data.yTrain,
  });
  const actual = data.yTest.data;
  const predictTest = () => predict(training.net, xTest, 1, { backend, dtype });
  const history = await trainLoop({
    ...training,
    loss: new MSELoss(),
    epochs: config.epochs,
    evaluate: () => regressionMetrics(predictTest(), actual),
    metricFormat: { rmse: (v) => `test RMSE ${v.toFixed(4)}`, r2: (v) => `R² ${v.toFixed(4)}` },
    mode: session.mode,
  });
  const predicted = predictTest();
  const { rmse, r2 } = regressionMetrics(predicted, actual);

  const points = Array.from(actual, (a, i) => ({ actual: a, predicted: predicted[i]! }));
  // model.onnx standardises its input itself: it takes the raw features, in this order.
  // Written while this run still holds the output directory (writeRunOutputs releases it).
  const exported = await writeExports(outDir, training.net, config, {
    onnx: { inputScaler: scaler },
    metadata: {
      app: 'housing',
      sizes: sizes.join(','),
      activation: config.activation,
      features: data.featureNames.join(','),
      target: 'median house value in $100,000',
    },
  });
  const files = await writeRunOutputs(outDir, training.net, {
    app: 'housing',
    sizes,
    activation: config.activation,
    config: { ...config, dtype },
    backend: backend.name,
    dtype,
    metrics: {
      data: {
        source: data.source.kind,
        file: data.source.file,
        train: xTrain.shape[0],
        test: actual.length,
      },
      scaler: { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) },
      history,
      final: { rmse, r2 },
      warnings: training.warnings,
    },
    charts: {
      'curves.svg': curvesSpec(history, { field: 'rmse', title: 'test RMSE ($100,000)' }),
      'predicted-vs-actual.svg': predictedVsActualSpec(points, '$100,000'),
    },
  });
  files.push(...exported);
  log(
    `test RMSE ${rmse.toFixed(4)}, R² ${r2.toFixed(4)}; wrote ${files.map((f) => f.slice(outDir.length + 1)).join(', ')} to ${outDir}`,
  );
  return { history, rmse, r2, outDir, files };
}

import {
  buildOptimizer,
  checkDataFitsNetwork,
  epochMetrics,
  mlp,
  openSession,
  startRun,
  withoutExportOptions,
} from '@mfnet/app-kit';
import { DataLoader } from '@mfnet/data';
import { NeuralNetwork } from '@mfnet/layers';
import { MSELoss } from '@mfnet/losses';
import { manualSeed } from '@mfnet/tensor';
import { fit, predict } from '@mfnet/train';
import { type HousingSources, loadHousingData } from './data.js';
import { regressionMetrics } from './metrics.js';
import { type HousingConfig, housingConfig } from './options.js';
import { type HousingResult, writeHousingOutputs } from './outputs.js';

export type { HousingResult } from './outputs.js';

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
  const session = await openSession(config); // the backend, the dtype, the output directory
  const data = await loadHousingData(config, sources);
  session.log(
    `California Housing from ${data.source.kind} (${data.source.file}): ${data.xTrain.shape[0]} training and ${data.xTest.shape[0]} test block groups`,
  );
  const sizes = [data.featureNames.length, ...config.hidden, 1];
  checkDataFitsNetwork({ x: data.xTrain, y: data.yTrain }, sizes);

  // The model: Linear layers with the activation between them, Identity last (Sec. 3).
  manualSeed(config.seed);
  const net = new NeuralNetwork(mlp(sizes, config.activation, session));
  // The loss (Eq. 4.1), the optimizer and the shuffled batches (Sec. 5).
  const loss = new MSELoss();
  const { optimizer, clipGlobalNorm } = buildOptimizer(net, config);
  const loader = new DataLoader(data.xTrain, data.yTrain, {
    batchSize: config.batchSize,
    seed: config.seed,
    backend: session.backend,
    dtype: session.dtype,
  });
  // predict gives float64 rows; 2000 samples a pass, as before the move.
  const predictTest = () => predict(net, data.xTest, { batchSize: 2000 }).data as Float64Array;

  // The output directory, --resume, progress, epoch lines, checkpoints and divergence checks.
  const run = await startRun(session, withoutExportOptions(config), {
    net,
    optimizer,
    sizes,
    metricFormat: { rmse: (v) => `test RMSE ${v.toFixed(4)}`, r2: (v) => `R² ${v.toFixed(4)}` },
  });
  await run.finish(
    fit(net, {
      data: loader,
      loss,
      optimizer,
      epochs: config.epochs,
      ...(clipGlobalNorm === undefined ? {} : { clipGradNorm: clipGlobalNorm }),
      ...run.resumeFrom,
      callbacks: [
        epochMetrics(() => regressionMetrics(predictTest(), data.yTest.data)),
        ...run.callbacks,
      ],
    }),
  );
  const predicted = predictTest();
  const final = { predicted, ...regressionMetrics(predicted, data.yTest.data) };
  return writeHousingOutputs(session, config, net, data, { sizes, run }, final);
}

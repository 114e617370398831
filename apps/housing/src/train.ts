import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildNetwork,
  buildOptimizer,
  type CheckpointState,
  curvesSpec,
  type EpochRecord,
  loadCheckpoint,
  makeBackend,
  predict,
  predictedVsActualSpec,
  reportMode,
  trainLoop,
  userPath,
  versions,
  writeChart,
  writeJson,
  writeModel,
} from '@mfnet/app-kit';
import { DataLoader } from '@mfnet/data/node';
import { MSELoss } from '@mfnet/losses';
import { type DType, manualSeed } from '@mfnet/tensor';
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
  const backend = await makeBackend(config.backend);
  const dtype = config.dtype as DType;
  const outDir = userPath(config.out);
  const mode = reportMode(config.json);
  const log = (line: string) => {
    if (mode !== 'json') process.stdout.write(`${line}\n`);
  };

  const data = await loadHousingData(config, sources);
  const { xTrain, xTest, scaler } = data;
  log(
    `California Housing from ${data.source.kind} (${data.source.file}): ${xTrain.shape[0]} training and ${xTest.shape[0]} test block groups`,
  );

  manualSeed(config.seed);
  const sizes = [data.featureNames.length, ...config.hidden, 1];
  const net = buildNetwork(sizes, config.activation, { backend, dtype });
  const { optimizer, clipGlobalNorm, lr } = buildOptimizer(net, config);
  const loader = new DataLoader(xTrain, data.yTrain, {
    batchSize: config.batchSize,
    seed: config.seed,
    backend,
    dtype,
  });
  log(
    `network ${sizes.join('-')} ${config.activation}, ${config.optimizer} lr ${lr}, batch ${config.batchSize}, ${backend.name} ${dtype}`,
  );

  const fingerprint = {
    ...config,
    epochs: undefined,
    json: undefined,
    resume: undefined,
    out: undefined,
  };
  const checkpointPath = join(outDir, 'checkpoint.safetensors');
  await mkdir(outDir, { recursive: true });
  let resumeFrom: CheckpointState | undefined;
  if (config.resume) {
    resumeFrom = await loadCheckpoint(checkpointPath, net, optimizer, fingerprint);
    log(`resuming after epoch ${resumeFrom.epoch}`);
  }

  const actual = data.yTest.data;
  let predicted: Float64Array = new Float64Array(0);
  const evaluate = () => {
    predicted = predict(net, xTest, 1, { backend, dtype });
    return regressionMetrics(predicted, actual);
  };

  const history = await trainLoop({
    net,
    loss: new MSELoss(),
    optimizer,
    loader,
    epochs: config.epochs,
    ...(clipGlobalNorm === undefined ? {} : { clipGlobalNorm }),
    evaluate,
    metricFormat: { rmse: (v) => `test RMSE ${v.toFixed(4)}`, r2: (v) => `R² ${v.toFixed(4)}` },
    mode,
    checkpoint: { path: checkpointPath, fingerprint },
    ...(resumeFrom === undefined ? {} : { resumeFrom }),
  });
  const { rmse, r2 } = evaluate();

  const points = Array.from(actual, (a, i) => ({ actual: a, predicted: predicted[i]! }));
  const files = [
    await writeModel(outDir, net, {
      app: 'housing',
      sizes: sizes.join(','),
      activation: config.activation,
    }),
    await writeJson(outDir, 'metrics.json', {
      app: 'housing',
      config,
      versions: versions(),
      backend: backend.name,
      dtype,
      data: {
        source: data.source.kind,
        file: data.source.file,
        train: xTrain.shape[0],
        test: actual.length,
      },
      scaler: { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) },
      history,
      final: { rmse, r2 },
    }),
    await writeChart(
      outDir,
      'curves.svg',
      curvesSpec(history, { field: 'rmse', title: 'test RMSE ($100,000)' }),
    ),
    await writeChart(outDir, 'predicted-vs-actual.svg', predictedVsActualSpec(points, '$100,000')),
  ];
  log(
    `test RMSE ${rmse.toFixed(4)}, R² ${r2.toFixed(4)}; wrote ${files.map((f) => f.slice(outDir.length + 1)).join(', ')} to ${outDir}`,
  );
  return { history, rmse, r2, outDir, files };
}

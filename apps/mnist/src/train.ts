import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildNetwork,
  buildOptimizer,
  type CheckpointState,
  confusionSpec,
  curvesSpec,
  type EpochRecord,
  loadCheckpoint,
  makeBackend,
  predict,
  reportMode,
  trainLoop,
  userPath,
  versions,
  writeChart,
  writeJson,
  writeModel,
} from '@mfnet/app-kit';
import { DataLoader } from '@mfnet/data/node';
import { CELoss } from '@mfnet/losses';
import { type DType, manualSeed } from '@mfnet/tensor';
import { CLASSES, loadMnistData, PIXELS } from './data.js';
import { type MnistConfig, mnistConfig } from './options.js';

export interface MnistResult {
  history: EpochRecord[];
  accuracy: number;
  confusion: number[][];
  outDir: string;
  files: string[];
}

/**
 * Trains a 784-…-10 network on MNIST with cross-entropy (Sec. 4.2), reporting test accuracy
 * after every epoch, and writes the model, metrics.json, charts and a checkpoint into
 * `config.out`.
 */
export async function train(overrides: Partial<MnistConfig> = {}): Promise<MnistResult> {
  const config = mnistConfig(overrides);
  const backend = makeBackend(config.backend);
  const dtype = config.dtype as DType;
  const outDir = userPath(config.out);
  const mode = reportMode(config.json);
  const log = (line: string) => {
    if (mode !== 'json') process.stdout.write(`${line}\n`);
  };

  const { trainX, trainY, testX, testLabels, source } = await loadMnistData(config);
  const m = trainX.shape[0];
  const testCount = testLabels.length;
  log(`MNIST from ${source.kind} (${source.dir}): ${m} training and ${testCount} test images`);

  manualSeed(config.seed);
  const sizes = [PIXELS, ...config.hidden, CLASSES];
  const net = buildNetwork(sizes, config.activation, { backend, dtype });
  const { optimizer, clipGlobalNorm, lr } = buildOptimizer(net, config);
  const loader = new DataLoader(trainX, trainY, {
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

  let confusion: number[][] = [];
  const evaluate = () => {
    const scores = predict(net, testX, CLASSES, { backend, dtype });
    confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
    let correct = 0;
    for (let i = 0; i < testCount; i++) {
      let best = 0;
      for (let k = 1; k < CLASSES; k++)
        if (scores[i * CLASSES + k]! > scores[i * CLASSES + best]!) best = k;
      const label = testLabels[i]!;
      confusion[label]![best]!++;
      if (best === label) correct++;
    }
    return { accuracy: correct / testCount };
  };

  const history = await trainLoop({
    net,
    loss: new CELoss(),
    optimizer,
    loader,
    epochs: config.epochs,
    ...(clipGlobalNorm === undefined ? {} : { clipGlobalNorm }),
    evaluate,
    metricFormat: { accuracy: (v) => `test accuracy ${(v * 100).toFixed(2)}%` },
    mode,
    checkpoint: { path: checkpointPath, fingerprint },
    ...(resumeFrom === undefined ? {} : { resumeFrom }),
  });
  if (confusion.length === 0) evaluate();
  const accuracy = history.at(-1)?.accuracy ?? 0;

  const files = [
    await writeModel(outDir, net, {
      app: 'mnist',
      sizes: sizes.join(','),
      activation: config.activation,
    }),
    await writeJson(outDir, 'metrics.json', {
      app: 'mnist',
      config,
      versions: versions(),
      backend: backend.name,
      dtype,
      data: { source: source.kind, dir: source.dir, train: m, test: testCount },
      history,
      final: { accuracy },
      confusion,
    }),
    await writeChart(
      outDir,
      'curves.svg',
      curvesSpec(history, { field: 'accuracy', title: 'test accuracy' }),
    ),
    await writeChart(outDir, 'confusion.svg', confusionSpec(confusion)),
  ];
  log(
    `test accuracy ${(accuracy * 100).toFixed(2)}%; wrote ${files.map((f) => f.slice(outDir.length + 1)).join(', ')} to ${outDir}`,
  );
  return { history, accuracy, confusion, outDir, files };
}

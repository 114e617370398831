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
import { CELoss } from '@mfnet/losses';
import { manualSeed } from '@mfnet/tensor';
import { fit, predict } from '@mfnet/train';
import { classify } from './classify.js';
import { CLASSES, loadMnistData, PIXELS } from './data.js';
import { type MnistConfig, mnistConfig } from './options.js';
import { type MnistResult, writeMnistOutputs } from './outputs.js';

export type { MnistResult } from './outputs.js';

/**
 * Trains a 784-…-10 network on MNIST with cross-entropy (Sec. 4.2), reporting test accuracy
 * after every epoch, and writes the model, metrics.json, charts and a checkpoint into
 * `config.out`.
 */
export async function train(overrides: Partial<MnistConfig> = {}): Promise<MnistResult> {
  const config = mnistConfig(overrides);
  const session = await openSession(config); // the backend, the dtype, the output directory
  const data = await loadMnistData(config);
  session.log(
    `MNIST from ${data.source.kind} (${data.source.dir}): ${data.trainX.shape[0]} training and ${data.testLabels.length} test images`,
  );
  const sizes = [PIXELS, ...config.hidden, CLASSES];
  checkDataFitsNetwork({ x: data.trainX, y: data.trainY }, sizes);

  // The model: Linear layers with the activation between them, Identity last (Sec. 3).
  manualSeed(config.seed);
  const net = new NeuralNetwork(mlp(sizes, config.activation, session));
  // The loss (softmax built in, Eq. 4.3), the optimizer and the shuffled batches (Sec. 5).
  const loss = new CELoss();
  const { optimizer, clipGlobalNorm } = buildOptimizer(net, config);
  const loader = new DataLoader(data.trainX, data.trainY, {
    batchSize: config.batchSize,
    seed: config.seed,
    backend: session.backend,
    dtype: session.dtype,
  });
  const evaluate = () =>
    classify(predict(net, data.testX, { batchSize: 2000 }).data, data.testLabels);

  // The output directory, --resume, progress, epoch lines, checkpoints and divergence checks.
  const run = await startRun(session, withoutExportOptions(config), {
    net,
    optimizer,
    sizes,
    metricFormat: { accuracy: (v) => `test accuracy ${(v * 100).toFixed(2)}%` },
    chance: { metric: 'accuracy', value: 1 / CLASSES },
  });
  await run.finish(
    fit(net, {
      data: loader,
      loss,
      optimizer,
      epochs: config.epochs,
      ...(clipGlobalNorm === undefined ? {} : { clipGradNorm: clipGlobalNorm }),
      ...run.resumeFrom,
      callbacks: [epochMetrics(() => ({ accuracy: evaluate().accuracy })), ...run.callbacks],
    }),
  );
  return writeMnistOutputs(session, config, net, data, { sizes, run }, evaluate());
}

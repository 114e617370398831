import {
  confusionSpec,
  curvesSpec,
  type EpochRecord,
  openSession,
  predict,
  prepareTraining,
  trainLoop,
  withoutExportOptions,
  writeExports,
  writeRunOutputs,
} from '@mfnet/app-kit';
import { CELoss } from '@mfnet/losses';
import { CLASSES, loadMnistData, PIXELS } from './data.js';
import { type MnistConfig, mnistConfig } from './options.js';

export interface MnistResult {
  history: EpochRecord[];
  accuracy: number;
  confusion: number[][];
  outDir: string;
  files: string[];
}

/** Accuracy and the confusion matrix (rows: true class, columns: predicted) of class scores. */
function classify(
  scores: Float64Array,
  labels: Uint8Array,
): { accuracy: number; confusion: number[][] } {
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  let correct = 0;
  labels.forEach((label, i) => {
    let best = 0;
    for (let k = 1; k < CLASSES; k++)
      if (scores[i * CLASSES + k]! > scores[i * CLASSES + best]!) best = k;
    confusion[label]![best]!++;
    if (best === label) correct++;
  });
  return { accuracy: correct / labels.length, confusion };
}

/**
 * Trains a 784-…-10 network on MNIST with cross-entropy (Sec. 4.2), reporting test accuracy
 * after every epoch, and writes the model, metrics.json, charts and a checkpoint into
 * `config.out`.
 */
export async function train(overrides: Partial<MnistConfig> = {}): Promise<MnistResult> {
  const config = mnistConfig(overrides);
  const session = await openSession(config);
  const { backend, dtype, outDir, log } = session;

  const { trainX, trainY, testX, testLabels, source } = await loadMnistData(config);
  const m = trainX.shape[0];
  log(
    `MNIST from ${source.kind} (${source.dir}): ${m} training and ${testLabels.length} test images`,
  );

  const sizes = [PIXELS, ...config.hidden, CLASSES];
  const training = await prepareTraining(session, withoutExportOptions(config), sizes, {
    x: trainX,
    y: trainY,
  });
  const evaluate = () =>
    classify(predict(training.net, testX, CLASSES, { backend, dtype }), testLabels);
  const history = await trainLoop({
    ...training,
    loss: new CELoss(),
    epochs: config.epochs,
    evaluate: () => ({ accuracy: evaluate().accuracy }),
    metricFormat: { accuracy: (v) => `test accuracy ${(v * 100).toFixed(2)}%` },
    chance: { metric: 'accuracy', value: 1 / CLASSES },
    mode: session.mode,
  });
  const { accuracy, confusion } = evaluate();

  // model.onnx ends in a softmax: its output is the 10 class probabilities.
  // Written while this run still holds the output directory (writeRunOutputs releases it).
  const exported = await writeExports(outDir, training.net, config, {
    onnx: { softmax: true },
    metadata: { app: 'mnist', sizes: sizes.join(','), activation: config.activation },
  });
  const files = await writeRunOutputs(outDir, training.net, {
    app: 'mnist',
    sizes,
    activation: config.activation,
    config: { ...config, dtype },
    backend: backend.name,
    dtype,
    metrics: {
      data: { source: source.kind, dir: source.dir, train: m, test: testLabels.length },
      history,
      final: { accuracy },
      warnings: training.warnings,
      confusion,
    },
    charts: {
      'curves.svg': curvesSpec(history, { field: 'accuracy', title: 'test accuracy' }),
      'confusion.svg': confusionSpec(confusion),
    },
  });
  files.push(...exported);
  log(
    `test accuracy ${(accuracy * 100).toFixed(2)}%; wrote ${files.map((f) => f.slice(outDir.length + 1)).join(', ')} to ${outDir}`,
  );
  return { history, accuracy, confusion, outDir, files };
}

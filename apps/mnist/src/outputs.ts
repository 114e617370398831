import {
  confusionSpec,
  curvesSpec,
  type EpochRecord,
  type Session,
  writeExports,
  writeRunOutputs,
} from '@mfnet/app-kit';
import type { NeuralNetwork } from '@mfnet/layers';
import type { MnistData } from './data.js';
import type { MnistConfig } from './options.js';

/** What a run ends with: its epochs, the final test results and the files it wrote. */
export interface MnistResult {
  history: EpochRecord[];
  accuracy: number;
  confusion: number[][];
  outDir: string;
  files: string[];
}

/**
 * Writes the run's model, metrics.json, charts and, when asked for, the ONNX and PyTorch exports
 * into the output directory (which the run then lets go of), and prints where.
 */
export async function writeMnistOutputs(
  session: Session,
  config: MnistConfig,
  net: NeuralNetwork,
  data: MnistData,
  run: { sizes: number[]; history: EpochRecord[]; warnings: string[] },
  final: { accuracy: number; confusion: number[][] },
): Promise<MnistResult> {
  const { backend, dtype, outDir, log } = session;
  const { sizes, history } = run;
  const { accuracy, confusion } = final;
  // model.onnx ends in a softmax: its output is the 10 class probabilities.
  // Written while this run still holds the output directory (writeRunOutputs releases it).
  const exported = await writeExports(outDir, net, config, {
    onnx: { softmax: true },
    metadata: { app: 'mnist', sizes: sizes.join(','), activation: config.activation },
  });
  const m = data.trainX.shape[0];
  const files = await writeRunOutputs(outDir, net, {
    app: 'mnist',
    sizes,
    activation: config.activation,
    config: { ...config, dtype },
    backend: backend.name,
    dtype,
    metrics: {
      data: {
        source: data.source.kind,
        dir: data.source.dir,
        train: m,
        test: data.testLabels.length,
      },
      history,
      final: { accuracy },
      warnings: run.warnings,
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

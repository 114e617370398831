import {
  confusionSpec,
  curvesSpec,
  type EpochRecord,
  type Session,
  type TrainingRun,
  writeAppOutputs,
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
 * Writes the run's model, metrics.json (with the confusion matrix), the accuracy curve and the
 * confusion chart and, when asked for, the exports; model.onnx ends in a softmax, so its output
 * is the 10 class probabilities.
 */
export async function writeMnistOutputs(
  session: Session,
  config: MnistConfig,
  net: NeuralNetwork,
  data: MnistData,
  trained: { sizes: number[]; run: Pick<TrainingRun, 'history' | 'warnings'> },
  final: { accuracy: number; confusion: number[][] },
): Promise<MnistResult> {
  const { sizes, run } = trained;
  const { history } = run;
  const { accuracy, confusion } = final;
  const { source } = data;
  const files = await writeAppOutputs(session, net, config, {
    app: 'mnist',
    sizes,
    onnx: { softmax: true },
    metrics: {
      data: {
        source: source.kind,
        dir: source.dir,
        train: data.trainX.shape[0],
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
    summary: `test accuracy ${(accuracy * 100).toFixed(2)}%`,
  });
  return { history, accuracy, confusion, outDir: session.outDir, files };
}

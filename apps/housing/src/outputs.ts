import {
  curvesSpec,
  type EpochRecord,
  predictedVsActualSpec,
  type Session,
  type TrainingRun,
  writeAppOutputs,
} from '@mfnet/app-kit';
import type { NeuralNetwork } from '@mfnet/layers';
import type { HousingData } from './data.js';
import type { HousingConfig } from './options.js';

/** What a run ends with: its epochs, the final test results and the files it wrote. */
export interface HousingResult {
  history: EpochRecord[];
  rmse: number;
  r2: number;
  outDir: string;
  files: string[];
}

/**
 * Writes the run's model, metrics.json (with the scaler), the RMSE curve and the
 * predicted-versus-actual chart and, when asked for, the exports; model.onnx standardises its
 * input itself, so it takes the raw features, in this order.
 */
export async function writeHousingOutputs(
  session: Session,
  config: HousingConfig,
  net: NeuralNetwork,
  data: HousingData,
  trained: { sizes: number[]; run: Pick<TrainingRun, 'history' | 'warnings'> },
  final: { predicted: Float64Array; rmse: number; r2: number },
): Promise<HousingResult> {
  const { sizes, run } = trained;
  const { history } = run;
  const { predicted, rmse, r2 } = final;
  const { scaler, source } = data;
  const actual = data.yTest.data;
  const points = Array.from(actual, (a, i) => ({ actual: a, predicted: predicted[i]! }));
  const files = await writeAppOutputs(session, net, config, {
    app: 'housing',
    sizes,
    onnx: { inputScaler: scaler },
    exportMetadata: {
      features: data.featureNames.join(','),
      target: 'median house value in $100,000',
    },
    metrics: {
      data: {
        source: source.kind,
        file: source.file,
        train: data.xTrain.shape[0],
        test: actual.length,
      },
      scaler: { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) },
      history,
      final: { rmse, r2 },
      warnings: run.warnings,
    },
    charts: {
      'curves.svg': curvesSpec(history, { field: 'rmse', title: 'test RMSE ($100,000)' }),
      'predicted-vs-actual.svg': predictedVsActualSpec(points, '$100,000'),
    },
    summary: `test RMSE ${rmse.toFixed(4)}, R² ${r2.toFixed(4)}`,
  });
  return { history, rmse, r2, outDir: session.outDir, files };
}

import {
  curvesSpec,
  type EpochRecord,
  predictedVsActualSpec,
  type Session,
  writeExports,
  writeRunOutputs,
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
 * Writes the run's model, metrics.json, charts and, when asked for, the ONNX and PyTorch exports
 * into the output directory (which the run then lets go of), and prints where.
 */
export async function writeHousingOutputs(
  session: Session,
  config: HousingConfig,
  net: NeuralNetwork,
  data: HousingData,
  run: { sizes: number[]; history: EpochRecord[]; warnings: string[] },
  final: { predicted: Float64Array; rmse: number; r2: number },
): Promise<HousingResult> {
  const { backend, dtype, outDir, log } = session;
  const { sizes, history } = run;
  const { predicted, rmse, r2 } = final;
  const { scaler } = data;
  const actual = data.yTest.data;
  const points = Array.from(actual, (a, i) => ({ actual: a, predicted: predicted[i]! }));
  // model.onnx standardises its input itself: it takes the raw features, in this order.
  // Written while this run still holds the output directory (writeRunOutputs releases it).
  const exported = await writeExports(outDir, net, config, {
    onnx: { inputScaler: scaler },
    metadata: {
      app: 'housing',
      sizes: sizes.join(','),
      activation: config.activation,
      features: data.featureNames.join(','),
      target: 'median house value in $100,000',
    },
  });
  const files = await writeRunOutputs(outDir, net, {
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
  });
  files.push(...exported);
  log(
    `test RMSE ${rmse.toFixed(4)}, R² ${r2.toFixed(4)}; wrote ${files.map((f) => f.slice(outDir.length + 1)).join(', ')} to ${outDir}`,
  );
  return { history, rmse, r2, outDir, files };
}

import type { NeuralNetwork } from '@mfnet/layers';
import type { OnnxExportOptions } from '@mfnet/layers/onnx';
import type { TopLevelSpec } from 'vega-lite';
import { type ExportConfig, writeExports } from './exports.js';
import { writeRunOutputs } from './outputs.js';
import type { Session } from './session.js';

/** What an app's run leaves behind, beyond what the session and the configuration say. */
export interface AppOutputs {
  app: string;
  sizes: readonly number[];
  /** model.onnx's head and input scaler (the dtype comes from --onnx-dtype). */
  onnx: Omit<OnnxExportOptions, 'dtype'>;
  /** More metadata for the exports, besides the app, the sizes and the activation. */
  exportMetadata?: Record<string, string>;
  /** metrics.json's content besides the settings and the versions (data, history, final…). */
  metrics: Record<string, unknown>;
  /** SVG file name → Vega-Lite spec. */
  charts: Record<string, TopLevelSpec>;
  /** The run's result in words, printed before the list of files written. */
  summary: string;
}

/**
 * Ends an app's run: writes the exports the configuration asks for (model.onnx,
 * model.torch.safetensors) while the run still holds the output directory, then the model,
 * metrics.json and the charts (`writeRunOutputs`, which lets the directory go), and prints the
 * summary with the files written. Returns their paths.
 */
export async function writeAppOutputs(
  session: Session,
  net: NeuralNetwork,
  config: ExportConfig & { activation: string },
  outputs: AppOutputs,
): Promise<string[]> {
  const { backend, dtype, outDir, log } = session;
  const { app, sizes } = outputs;
  const exported = await writeExports(outDir, net, config, {
    onnx: outputs.onnx,
    metadata: {
      app,
      sizes: sizes.join(','),
      activation: config.activation,
      ...outputs.exportMetadata,
    },
  });
  const files = await writeRunOutputs(outDir, net, {
    app,
    sizes,
    activation: config.activation,
    config: { ...config, dtype },
    backend: backend.name,
    dtype,
    metrics: outputs.metrics,
    charts: outputs.charts,
  });
  files.push(...exported);
  const names = files.map((f) => f.slice(outDir.length + 1)).join(', ');
  log(`${outputs.summary}; wrote ${names} to ${outDir}`);
  return files;
}

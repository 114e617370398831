import { join } from 'node:path';
import { encodeTorchSafetensors, type NeuralNetwork } from '@mfnet/layers';
import { exportOnnx, type OnnxExportOptions } from '@mfnet/layers/onnx';
import { writeFileAtomic } from '@mfnet/tensor/node';
import type { OptionSpecs, OptionValues } from './options.js';

/** The options that write the trained model for other engines, besides model.safetensors. */
export const exportOptions = {
  exportOnnx: {
    type: 'boolean',
    default: false,
    help: 'also write model.onnx, for ONNX Runtime (input "input" [batch, features], output "output")',
  },
  onnxDtype: {
    type: 'choice',
    choices: ['auto', 'float32', 'float64'],
    default: 'auto',
    help: 'element type of model.onnx; auto is the training dtype; float32 runs everywhere, also where there are no double kernels',
  },
  exportTorch: {
    type: 'boolean',
    default: false,
    help: 'also write model.torch.safetensors, for torch.nn.Sequential (0.weight, 0.bias, …)',
  },
} as const satisfies OptionSpecs;

export type ExportConfig = OptionValues<typeof exportOptions>;

/**
 * The configuration without the export options: what a run computes does not depend on them,
 * so they stay out of the checkpoint's fingerprint (a resume may add or drop an export).
 */
export function withoutExportOptions<C extends ExportConfig>(
  config: C,
): Omit<C, keyof ExportConfig> {
  const { exportOnnx: _onnx, onnxDtype: _dtype, exportTorch: _torch, ...rest } = config;
  return rest;
}

/**
 * Writes the exports `config` asks for into `dir`, each atomically: `model.onnx` (with
 * `onnx`'s head, input scaler and metadata) and `model.torch.safetensors` (with `metadata`).
 * Returns their paths.
 */
export async function writeExports(
  dir: string,
  net: NeuralNetwork,
  config: ExportConfig,
  options: { onnx?: Omit<OnnxExportOptions, 'dtype'>; metadata?: Record<string, string> } = {},
): Promise<string[]> {
  const files: string[] = [];
  const metadata = options.metadata ?? {};
  if (config.exportOnnx) {
    const path = join(dir, 'model.onnx');
    const onnx = { ...options.onnx, metadata: { ...metadata, ...options.onnx?.metadata } };
    const dtype = config.onnxDtype === 'auto' ? {} : { dtype: config.onnxDtype };
    await writeFileAtomic(path, exportOnnx(net, { ...onnx, ...dtype }));
    files.push(path);
  }
  if (config.exportTorch) {
    const path = join(dir, 'model.torch.safetensors');
    await writeFileAtomic(path, encodeTorchSafetensors(net, { metadata }));
    files.push(path);
  }
  return files;
}

// The package's own entries, not its source files: so that the CommonJS build of this entry
// shares the classes of the main one (instanceof works across the two).
import {
  type EncodeSafetensorsOptions,
  encodeTorchSafetensors,
  loadTorchStateDict,
  type NeuralNetwork,
  StateDictError,
} from '@mfnet/layers';
import { exportOnnx, type OnnxExportOptions } from '@mfnet/layers/onnx';
import { writeFileAtomic } from '@mfnet/tensor/node';
import { readSafetensors } from './safetensors-file.js';

/** Writes `net` as an ONNX model (see `exportOnnx`) to `path`, atomically. */
export async function saveOnnx(
  net: NeuralNetwork,
  path: string,
  options: OnnxExportOptions = {},
): Promise<void> {
  await writeFileAtomic(path, exportOnnx(net, options));
}

/**
 * Writes `net`'s weights as a safetensors file with PyTorch's `torch.nn.Sequential` names
 * (`0.weight`, `0.bias` …; see `encodeTorchSafetensors`) to `path`, atomically.
 */
export async function saveTorchSafetensors(
  net: NeuralNetwork,
  path: string,
  options: Omit<EncodeSafetensorsOptions, 'shapes'> = {},
): Promise<void> {
  await writeFileAtomic(path, encodeTorchSafetensors(net, options));
}

/**
 * Loads a safetensors file with PyTorch's `torch.nn.Sequential` names (as
 * `torch.save`-free `safetensors.torch.save_file(model.state_dict(), path)` writes it) into
 * `net`; errors name the file. Returns the file's metadata.
 */
export async function loadTorchSafetensors(
  net: NeuralNetwork,
  path: string,
): Promise<Record<string, string>> {
  const { tensors, metadata } = await readSafetensors(path);
  try {
    loadTorchStateDict(net, tensors);
  } catch (error) {
    if (error instanceof StateDictError) throw new StateDictError(`${path}: ${error.message}`);
    throw error;
  }
  return metadata;
}

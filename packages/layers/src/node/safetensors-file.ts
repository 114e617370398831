import { readFile } from 'node:fs/promises';
// The package's own entry, not its source files: so that the CommonJS build of this entry
// shares the error classes of the main one (instanceof works across the two).
import {
  type DecodeSafetensorsOptions,
  decodeSafetensors,
  type EncodeSafetensorsOptions,
  encodeSafetensors,
  type NeuralNetwork,
  type SafetensorsContents,
  SafetensorsError,
  StateDictError,
  type StateDictLike,
} from '@mfnet/layers';
import { writeFileAtomic } from '@mfnet/tensor/node';

/**
 * Writes a network's state dict (or any state dict) to `path` as a safetensors file, atomically:
 * a reader never sees a half-written file, and a failed write leaves the old file as it was.
 */
export async function saveSafetensors(
  source: NeuralNetwork | StateDictLike,
  path: string,
  options: EncodeSafetensorsOptions = {},
): Promise<void> {
  const dict = isNetwork(source) ? source.stateDict() : source;
  await writeFileAtomic(path, encodeSafetensors(dict, options));
}

/** Reads and checks a safetensors file; errors name the file, the tensor and the byte offset. */
export async function readSafetensors(
  path: string,
  options: DecodeSafetensorsOptions = {},
): Promise<SafetensorsContents> {
  const bytes = await readFile(path);
  try {
    return decodeSafetensors(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      options,
    );
  } catch (error) {
    if (error instanceof SafetensorsError) {
      const where: { byteOffset?: number; tensor?: string } = {};
      if (error.byteOffset !== undefined) where.byteOffset = error.byteOffset;
      if (error.tensor !== undefined) where.tensor = error.tensor;
      throw new SafetensorsError(`${path}: ${error.message}`, where);
    }
    throw error;
  }
}

/**
 * Loads the weights in the safetensors file at `path` into `net` (see `loadStateDict`: names
 * and shapes must fit, the first mismatch is a `StateDictError` naming the file). Returns the
 * file's metadata.
 */
export async function loadSafetensors(
  net: NeuralNetwork,
  path: string,
): Promise<Record<string, string>> {
  const { tensors, metadata } = await readSafetensors(path);
  try {
    net.loadStateDict(tensors);
  } catch (error) {
    if (error instanceof StateDictError) throw new StateDictError(`${path}: ${error.message}`);
    throw error;
  }
  return metadata;
}

function isNetwork(source: unknown): source is NeuralNetwork {
  return (
    typeof source === 'object' &&
    source !== null &&
    !(source instanceof Map) &&
    typeof (source as { stateDict?: unknown }).stateDict === 'function'
  );
}

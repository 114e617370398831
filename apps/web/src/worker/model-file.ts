import {
  decodeSafetensors,
  encodeSafetensors,
  type NeuralNetwork,
  SafetensorsError,
  StateDictError,
} from '@mfnet/layers';
import type { Backend, DType, Tensor } from '@mfnet/tensor';
import { inferLayerSizes, ModelFileError } from './infer-sizes.js';
import { buildNetwork, layerSizes } from './network.js';

export { ModelFileError };

/** The network as `model.safetensors`, in the layout and with the metadata `pnpm mnist` writes. */
export function encodeModel(net: NeuralNetwork, hidden: readonly number[]): Uint8Array {
  return encodeSafetensors(net.stateDict(), {
    metadata: { app: 'mnist', sizes: layerSizes(hidden).join(','), activation: 'relu' },
  });
}

/**
 * The network a safetensors file holds, rebuilt with the file's own hidden sizes (inferred from
 * its tensor shapes: inferLayerSizes) and its weights loaded. A file that is not safetensors
 * (or not F32/F64), or not an MNIST network, is a ModelFileError saying what it holds.
 */
export function decodeModel(
  name: string,
  bytes: Uint8Array,
  options: { backend: Backend; dtype: DType },
): { net: NeuralNetwork; sizes: number[]; hidden: number[] } {
  let tensors: Map<string, Tensor>;
  let metadata: Record<string, string>;
  try {
    ({ tensors, metadata } = decodeSafetensors(bytes, {
      backend: options.backend,
      dtype: options.dtype,
    }));
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new ModelFileError(`${name} is not a usable safetensors file: ${error.message}`);
    }
    throw error;
  }
  const shapes = new Map([...tensors].map(([k, t]) => [k, [t.rows, t.cols] as const]));
  const sizes = inferLayerSizes(name, shapes, metadata);
  const hidden = sizes.slice(1, -1);
  const net = buildNetwork(hidden, { ...options, seed: 0 });
  try {
    net.loadStateDict(tensors);
  } catch (error) {
    if (error instanceof StateDictError) throw new ModelFileError(`${name}: ${error.message}`);
    throw error;
  }
  return { net, sizes, hidden };
}

import {
  decodeSafetensors,
  encodeSafetensors,
  type NeuralNetwork,
  SafetensorsError,
  StateDictError,
} from '@mfnet/layers';
import type { Backend, DType, Tensor } from '@mfnet/tensor';
import { buildNetwork, layerSizes } from './network.js';

/** A model file that cannot be used, with a message for the page. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** The network as `model.safetensors`, in the layout and with the metadata `pnpm mnist` writes. */
export function encodeModel(net: NeuralNetwork, hidden: readonly number[]): Uint8Array {
  return encodeSafetensors(net.stateDict(), {
    metadata: { app: 'mnist', sizes: layerSizes(hidden).join(','), activation: 'relu' },
  });
}

/**
 * The layer sizes a state dict holds: `layers.<2i>.weight` is (out+1)×(in+1) (augmented weights,
 * Sec. 5.1). Undefined when its names are not those of a Linear/activation stack.
 */
export function sizesOf(tensors: ReadonlyMap<string, Tensor>): number[] | undefined {
  const sizes: number[] = [];
  for (let i = 0; tensors.has(`layers.${2 * i}.weight`); i++) {
    const w = tensors.get(`layers.${2 * i}.weight`)!;
    if (i === 0) sizes.push(w.cols - 1);
    else if (sizes.at(-1) !== w.cols - 1) return undefined;
    sizes.push(w.rows - 1);
  }
  return sizes.length === 0 || sizes.length !== tensors.size + 1 ? undefined : sizes;
}

/**
 * A network of the page's shape (784 → hidden… → 10, ReLU) holding the weights of the
 * safetensors file `bytes`. A file that is not safetensors, or whose shapes do not fit, is a
 * ModelFileError saying what the file holds and what the page expected.
 */
export function decodeModel(
  name: string,
  bytes: Uint8Array,
  hidden: readonly number[],
  options: { backend: Backend; dtype: DType },
): { net: NeuralNetwork; sizes: number[] } {
  let tensors: Map<string, Tensor>;
  try {
    ({ tensors } = decodeSafetensors(bytes, { backend: options.backend, dtype: options.dtype }));
  } catch (error) {
    if (error instanceof SafetensorsError) {
      throw new ModelFileError(`${name} is not a usable safetensors file: ${error.message}`);
    }
    throw error;
  }
  const want = layerSizes(hidden);
  const have = sizesOf(tensors);
  if (have === undefined) {
    const names = [...tensors.entries()].map(([k, t]) => `${k} ${t.rows}×${t.cols}`).join(', ');
    throw new ModelFileError(
      `${name} does not hold a network of Linear layers (layers.0.weight, layers.2.weight, …): it has ${names || 'no tensors'}`,
    );
  }
  if (have.join('-') !== want.join('-')) {
    const fix =
      have[0] === want[0] && have.at(-1) === want.at(-1)
        ? `set the hidden sizes to ${have.slice(1, -1).join(', ') || '(none)'} and load it again`
        : 'an MNIST model has 784 inputs and 10 outputs';
    throw new ModelFileError(
      `${name} holds a ${have.join('-')} network, but the page's network is ${want.join('-')}: ${fix}`,
    );
  }
  const net = buildNetwork(hidden, { ...options, seed: 0 });
  try {
    net.loadStateDict(tensors);
  } catch (error) {
    if (error instanceof StateDictError) throw new ModelFileError(`${name}: ${error.message}`);
    throw error;
  }
  return { net, sizes: have };
}

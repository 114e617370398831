import { Identity, type Layer, Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { type Backend, type DType, manualSeed } from '@mfnet/tensor';
import { CLASSES, PIXELS } from '../data/mnist.js';

/** 784 → hidden… → 10: the layer sizes of the page's network. */
export function layerSizes(hidden: readonly number[]): number[] {
  return [PIXELS, ...hidden, CLASSES];
}

/**
 * The network `pnpm mnist` trains (its default activation, ReLU): Linear layers with ReLU
 * between them and Identity last, the weights drawn from the global generator seeded `seed`.
 */
export function buildNetwork(
  hidden: readonly number[],
  options: { backend: Backend; dtype: DType; seed: number },
): NeuralNetwork {
  manualSeed(options.seed);
  const sizes = layerSizes(hidden);
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(
      new Linear(sizes[i]!, sizes[i + 1]!, { backend: options.backend, dtype: options.dtype }),
    );
    layers.push(i + 2 < sizes.length ? new ReLU() : new Identity());
  }
  return new NeuralNetwork(layers);
}

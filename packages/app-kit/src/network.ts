import {
  Identity,
  type Layer,
  LeakyReLU,
  Linear,
  NeuralNetwork,
  ReLU,
  Sigmoid,
  Tanh,
} from '@mfnet/layers';
import { Adam, type Optimizer, SGD } from '@mfnet/optim';
import type { Backend, DType, Rng } from '@mfnet/tensor';

// The networks and optimizers of the apps, tools/compare and tools/bench: one definition, so the
// benchmark times exactly what the apps train. Browser-safe (no Node module): the benchmark's
// browser page imports it as `@mfnet/app-kit/network`.

export const ACTIVATIONS = ['relu', 'leaky_relu', 'sigmoid', 'tanh'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Where the weights live, and (optionally) the generator that draws them (default: the global one). */
export interface LayerOptions {
  backend: Backend;
  dtype: DType;
  rng?: Rng;
}

export function activationLayer(name: ActivationName): Layer {
  switch (name) {
    case 'relu':
      return new ReLU();
    case 'leaky_relu':
      return new LeakyReLU();
    case 'sigmoid':
      return new Sigmoid();
    case 'tanh':
      return new Tanh();
  }
}

/**
 * A multilayer perceptron's layers, sizes[0] → … → sizes[last]: Linear layers with `activation`
 * between them and Identity last (the loss takes the raw outputs: CELoss has its softmax built
 * in). The weights are drawn in layer order.
 */
export function mlp(
  sizes: readonly number[],
  activation: ActivationName,
  options: LayerOptions,
): Layer[] {
  const { backend, dtype, rng } = options;
  const layers: Layer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(
      new Linear(sizes[i]!, sizes[i + 1]!, {
        backend,
        dtype,
        ...(rng === undefined ? {} : { rng }),
      }),
    );
    layers.push(i + 2 < sizes.length ? activationLayer(activation) : new Identity());
  }
  return layers;
}

/** `mlp`'s layers as a NeuralNetwork. */
export function buildNetwork(
  sizes: readonly number[],
  activation: ActivationName,
  options: LayerOptions,
): NeuralNetwork {
  return new NeuralNetwork(mlp(sizes, activation, options));
}

/** The optimizer settings of the command line (`--optimizer`, `--lr`, `--max-grad-norm`). */
export interface OptimizerChoice {
  optimizer: OptimizerName;
  lr: number | undefined;
  maxGradNorm: number | undefined;
}

/**
 * The optimizer the options ask for (default lr 0.1 for sgd and momentum 0.9, 0.001 for adam),
 * and the global gradient-norm clipping the loop must do before each step for it: SGD clips each
 * gradient itself (`maxGradNorm`), Adam has no clipping of its own.
 */
export function buildOptimizer(
  net: NeuralNetwork,
  config: OptimizerChoice,
): { optimizer: Optimizer; clipGlobalNorm?: number; lr: number } {
  if (config.optimizer === 'adam') {
    const lr = config.lr ?? 1e-3;
    const optimizer = new Adam(net.parameters(), { lr });
    return config.maxGradNorm === undefined
      ? { optimizer, lr }
      : { optimizer, lr, clipGlobalNorm: config.maxGradNorm };
  }
  const lr = config.lr ?? 0.1;
  const optimizer = new SGD(net.parameters(), {
    lr,
    ...(config.optimizer === 'momentum' ? { momentum: 0.9 } : {}),
    ...(config.maxGradNorm === undefined ? {} : { maxGradNorm: config.maxGradNorm }),
  });
  return { optimizer, lr };
}

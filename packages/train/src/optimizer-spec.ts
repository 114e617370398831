import type { NeuralNetwork } from '@mfnet/layers';
import { Adam, type AdamOptions, Optimizer, SGD, type SGDOptions } from '@mfnet/optim';
import { ValueError } from '@mfnet/tensor';

/** An optimizer by name with its options, for `fit` to make over the network's parameters. */
export type OptimizerSpec = ({ name: 'sgd' } & SGDOptions) | ({ name: 'adam' } & AdamOptions);

/** An optimizer, or what `createOptimizer` makes one from (`'sgd'` alone has lr 0.01). */
export type OptimizerChoice = Optimizer | 'sgd' | 'adam' | OptimizerSpec;

/** The optimizer that `choice` names, over `net`'s parameters (an instance is returned as is). */
export function createOptimizer(net: NeuralNetwork, choice: OptimizerChoice): Optimizer {
  if (choice instanceof Optimizer) return choice;
  const spec = typeof choice === 'string' ? { name: choice } : choice;
  if (spec === null || typeof spec !== 'object') {
    throw new ValueError(
      `fit: optimizer must be an Optimizer, 'sgd', 'adam' or { name, …options }, got ${String(choice)}`,
    );
  }
  const { name, ...options } = spec as { name: unknown } & Record<string, unknown>;
  if (name === 'sgd') return new SGD(net.parameters(), { lr: 0.01, ...options } as SGDOptions);
  if (name === 'adam') return new Adam(net.parameters(), options as AdamOptions);
  throw new ValueError(`fit: unknown optimizer name ${JSON.stringify(name)}; use 'sgd' or 'adam'`);
}

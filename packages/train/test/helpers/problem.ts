import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { Rng, type Tensor } from '@mfnet/tensor';

/** A seeded 2-8-1 ReLU network (float64, CPU backend). */
export function smallNet(seed = 1): NeuralNetwork {
  return new NeuralNetwork([
    new Linear(2, 8, { seed }),
    new ReLU(),
    new Linear(8, 1, { seed: seed + 1 }),
  ]);
}

/** m samples of y = x₁² − x₂ + noise, sample-major, from a seeded generator. */
export function regressionData(m: number, seed = 7): { x: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < m; i++) {
    const a = rng.uniform() * 2 - 1;
    const b = rng.uniform() * 2 - 1;
    x.push([a, b]);
    y.push(a * a - b + 0.01 * (rng.uniform() - 0.5));
  }
  return { x, y };
}

/** Every weight of the network, flattened, as exact numbers. */
export function weights(net: NeuralNetwork): number[] {
  return [...net.stateDict().values()].flatMap((t: Tensor) => Array.from(t.toTypedArray()));
}

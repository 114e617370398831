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
import { type Backend, type DType, type Rng, type Tensor, tensor } from '@mfnet/tensor';

/** The five activations of @mfnet/layers, by label. */
export const ACTIVATIONS: Record<string, () => Layer> = {
  ReLU: () => new ReLU(),
  Sigmoid: () => new Sigmoid(),
  Tanh: () => new Tanh(),
  LeakyReLU: () => new LeakyReLU(0.1),
  Identity: () => new Identity(),
};
const ACTIVATION_NAMES = Object.keys(ACTIVATIONS);

export interface RandomNetwork {
  net: NeuralNetwork;
  /** Features in, outputs out. */
  nIn: number;
  nOut: number;
  /** The activation after each Linear, in order. */
  activations: string[];
}

/**
 * A network of 2 or 3 Linear layers of random widths, each followed by an activation drawn from
 * the five (so every kind turns up across a few seeds), with random weights and biases: row 0
 * [1, 0 … 0], the rest normal with std 1/√nIn.
 */
export function randomNetwork(
  rng: Rng,
  nOut: number,
  dtype: DType,
  backend: Backend,
): RandomNetwork {
  const depth = 2 + rng.int(2);
  const sizes = [2 + rng.int(3)];
  for (let i = 1; i < depth; i++) sizes.push(2 + rng.int(4));
  sizes.push(nOut);
  const layers: Layer[] = [];
  const activations: string[] = [];
  for (let l = 0; l < depth; l++) {
    const nIn = sizes[l]!;
    const n = sizes[l + 1]!;
    const weight = Array.from({ length: n + 1 }, (_, r) =>
      Array.from({ length: nIn + 1 }, (_, c) => {
        if (r === 0) return c === 0 ? 1 : 0;
        return rng.normal() / Math.sqrt(nIn);
      }),
    );
    layers.push(new Linear(nIn, n, { dtype, backend, weight }));
    const name = ACTIVATION_NAMES[rng.int(ACTIVATION_NAMES.length)]!;
    activations.push(name);
    layers.push(ACTIVATIONS[name]!());
  }
  return { net: new NeuralNetwork(layers), nIn: sizes[0]!, nOut, activations };
}

/** A batch of `m` normal samples: (features+1) × m with row 0 all ones. */
export function randomInput(
  rng: Rng,
  features: number,
  m: number,
  dtype: DType,
  backend: Backend,
): Tensor {
  const rows = Array.from({ length: features + 1 }, (_, r) =>
    Array.from({ length: m }, () => (r === 0 ? 1 : rng.normal())),
  );
  return tensor(rows, { dtype, backend });
}

/** Regression targets: (k+1) × m, row 0 ones, the rest normal. */
export function randomTargets(
  rng: Rng,
  k: number,
  m: number,
  dtype: DType,
  backend: Backend,
): Tensor {
  return randomInput(rng, k, m, dtype, backend);
}

/** Soft class labels: (k+1) × m, row 0 ones, each column below it a random distribution. */
export function randomDistributions(
  rng: Rng,
  k: number,
  m: number,
  dtype: DType,
  backend: Backend,
): Tensor {
  const columns = Array.from({ length: m }, () => {
    const p = Array.from({ length: k }, () => 0.05 + rng.uniform());
    const total = p.reduce((a, b) => a + b, 0);
    return p.map((v) => v / total);
  });
  const rows = Array.from({ length: k + 1 }, (_, r) =>
    columns.map((p) => (r === 0 ? 1 : p[r - 1]!)),
  );
  return tensor(rows, { dtype, backend });
}

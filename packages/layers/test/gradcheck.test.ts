import { type DType, gradcheck, Rng, type Tensor, tensor } from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { expect, it } from 'vitest';
import {
  type Activation,
  Identity,
  type Layer,
  LeakyReLU,
  Linear,
  NeuralNetwork,
  ReLU,
  Sigmoid,
  Tanh,
} from '../src/index.js';
import { copyOf, randomBatch, randomWeights, weightedSquares } from './helpers.js';

/** Tolerances: tight in float64; float32 with a larger step and a looser allowance. */
const TOLERANCE = {
  float64: { eps: 1e-6, atol: 1e-6, rtol: 1e-5 },
  float32: { eps: 1e-3, atol: 1e-2, rtol: 1e-2 },
} as const;

const DTYPES: DType[] = ['float64', 'float32'];

/**
 * Gradients of J = Σ C ⊙ out² with respect to the given inputs, analytic (from the layer's
 * backward) against central differences.
 */
function checkLayer(layer: Layer, x: Tensor, c: Tensor, wrt: 'input' | 'weight' | 'both') {
  const j = weightedSquares(c);
  const params = layer.parameters();
  for (const p of params) p.grad.backend.fill(p.grad, 0);
  const out = layer.forward(x);
  const dX = copyOf(layer.backward(j.grad(out)));
  const inputs: Tensor[] = [];
  const analytic: Tensor[] = [];
  if (wrt !== 'weight') {
    inputs.push(x);
    analytic.push(dX);
  }
  if (wrt !== 'input') {
    for (const p of params) {
      inputs.push(p.value);
      analytic.push(copyOf(p.grad));
    }
  }
  return gradcheck(() => j.value(layer.forward(x)), inputs, analytic, TOLERANCE[x.dtype]);
}

describeOnBackends(DTYPES, 'gradcheck, %s', (dtype) => {
  it('Linear: weights and input', () => {
    const layer = new Linear(4, 3, { dtype, seed: 5 });
    // Non-zero bias column, so that the check covers it too.
    const w = layer.weight.toArray();
    for (let i = 1; i < w.length; i++) w[i]![0] = 0.1 * i;
    layer.setWeight(w);
    const x = randomBatch(4, 5, 6, dtype);
    const result = checkLayer(layer, x, randomWeights(4, 5, 7, dtype), 'both');
    expect(result.ok, JSON.stringify(result.worst)).toBe(true);
    expect(result.checked).toBe(x.size + 4 * 5);
  });

  const activations: [string, () => Activation][] = [
    ['ReLU', () => new ReLU()],
    ['LeakyReLU(0.1)', () => new LeakyReLU(0.1)],
    ['Sigmoid', () => new Sigmoid()],
    ['Tanh', () => new Tanh()],
    ['Identity', () => new Identity()],
  ];

  it.each(activations)('%s: its input, away from kinks', (_name, make) => {
    // |z| ≥ 0.2 keeps every element away from the kink at 0 by much more than eps.
    const rng = new Rng(11);
    const values = Array.from({ length: 4 }, () =>
      Array.from({ length: 6 }, () => (rng.uniform() < 0.5 ? -1 : 1) * (0.2 + 2 * rng.uniform())),
    );
    const z = tensor(values, { dtype });
    const result = checkLayer(make(), z, randomWeights(4, 6, 12, dtype), 'input');
    expect(result.ok, JSON.stringify(result.worst)).toBe(true);
    expect(result.checked).toBe(24);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('a random network of mixed activations (seed %d)', (seed) => {
    const rng = new Rng(seed);
    const kinds = [
      () => new ReLU(),
      () => new Sigmoid(),
      () => new Tanh(),
      () => new LeakyReLU(0.05),
      () => new Identity(),
    ];
    const sizes = Array.from({ length: 2 + rng.int(3) }, () => 1 + rng.int(4));
    const layers: Layer[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      layers.push(new Linear(sizes[i]!, sizes[i + 1]!, { dtype, rng }));
      // Every Linear but possibly the last is followed by an activation.
      if (i + 2 < sizes.length || rng.uniform() < 0.5) layers.push(kinds[rng.int(kinds.length)]!());
    }
    const net = new NeuralNetwork(layers);
    const samples = 3;
    const x = randomBatch(sizes[0]!, samples, seed + 100, dtype);
    const c = randomWeights(sizes.at(-1)! + 1, samples, seed + 200, dtype);
    const j = weightedSquares(c);
    net.zeroGrad();
    const dX = copyOf(net.backward(j.grad(net.forward(x))));
    const params = net.parameters();
    const result = gradcheck(
      () => j.value(net.forward(x)),
      [x, ...params.map((p) => p.value)],
      [dX, ...params.map((p) => copyOf(p.grad))],
      TOLERANCE[dtype],
    );
    expect(result.ok, `${net} ${JSON.stringify(result.worst)}`).toBe(true);
    expect(result.checked).toBe(x.size + params.reduce((n, p) => n + p.value.size, 0));
  });
});

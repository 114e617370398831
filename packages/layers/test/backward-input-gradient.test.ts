import { createCpuBackend, DTYPES, type Tensor } from '@mfnet/tensor';
import { countingBackend } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { type Layer, Linear, NeuralNetwork, ReLU, Tanh } from '../src/index.js';
import { randomBatch, randomWeights, weightedSquares } from './helpers.js';

/** Two identical 4-3-5-2 networks (same seeds). */
function twin(dtype: (typeof DTYPES)[number]) {
  const make = () =>
    new NeuralNetwork([
      new Linear(4, 3, { seed: 1, dtype }),
      new ReLU(),
      new Linear(3, 5, { seed: 2, dtype }),
      new Tanh(),
      new Linear(5, 2, { seed: 3, dtype }),
    ]);
  return [make(), make()] as const;
}

function gradients(net: NeuralNetwork): number[][] {
  return net.parameters().map((p) => Array.from(p.grad.toTypedArray()));
}

describe.each(DTYPES)('NeuralNetwork.backward with inputGradient: false (%s)', (dtype) => {
  it('accumulates exactly the same gradients and returns undefined', () => {
    const [full, lean] = twin(dtype);
    const x = randomBatch(4, 6, 11, dtype);
    const objective = weightedSquares(randomWeights(3, 6, 12, dtype));
    for (let step = 0; step < 2; step++) {
      // Twice, so that accumulation into existing gradients is covered too.
      const dIn = full.backward(objective.grad(full.forward(x)));
      expect(dIn.shape).toEqual([5, 6]);
      const nothing = lean.backward(objective.grad(lean.forward(x)), { inputGradient: false });
      expect(nothing).toBeUndefined();
    }
    expect(gradients(lean)).toEqual(gradients(full));
    expect(gradients(lean)[0]!.some((v) => v !== 0)).toBe(true);
  });

  it('returns ∂J/∂A0 as before when inputGradient is true', () => {
    const [a, b] = twin(dtype);
    const x = randomBatch(4, 3, 5, dtype);
    const objective = weightedSquares(randomWeights(3, 3, 6, dtype));
    const want = Array.from(a.backward(objective.grad(a.forward(x))).toTypedArray());
    const got = b.backward(objective.grad(b.forward(x)), { inputGradient: true });
    expect(Array.from((got as Tensor).toTypedArray())).toEqual(want);
  });
});

describe('NeuralNetwork.backward with inputGradient: false', () => {
  it("skips the first Linear's Wᵀ·Δ: one matmul fewer per step", () => {
    const matmuls = (inputGradient: boolean): number => {
      const counter = countingBackend(createCpuBackend());
      const backend = counter.backend;
      const net = new NeuralNetwork([
        new Linear(4, 3, { seed: 1, backend }),
        new ReLU(),
        new Linear(3, 2, { seed: 2, backend }),
      ]);
      const x = randomBatch(4, 5, 1, 'float64', backend);
      const objective = weightedSquares(randomWeights(3, 5, 2, 'float64', backend));
      const d = objective.grad(net.forward(x));
      counter.reset();
      net.backward(d, { inputGradient });
      return counter.calls().matmul ?? 0;
    };
    expect(matmuls(true)).toBe(4);
    expect(matmuls(false)).toBe(3);
  });

  it('calls no backward on parameter-free layers before the first parameterised one', () => {
    const calls: string[] = [];
    const spy = (name: string, withParameters: boolean): Layer => ({
      forward: (x) => x,
      backward: (d) => {
        calls.push(name);
        return d;
      },
      parameters: () =>
        withParameters
          ? [{ name: 'p', value: undefined as never, grad: undefined as never, fixedRow0: false }]
          : [],
    });
    const net = new NeuralNetwork([spy('a', false), spy('b', true), spy('c', false)]);
    const x = randomBatch(2, 2, 1);
    net.forward(x);
    expect(net.backward(x, { inputGradient: false })).toBeUndefined();
    expect(calls).toEqual(['c', 'b']);
    calls.length = 0;
    expect(net.backward(x)).toBe(x);
    expect(calls).toEqual(['c', 'b', 'a']);
  });

  it('Linear.backwardWeights checks its input like backward', () => {
    const layer = new Linear(2, 2, { seed: 1 });
    expect(() => layer.backwardWeights(randomBatch(2, 3, 1))).toThrow(
      /backwardWeights was called before forward/,
    );
    layer.forward(randomBatch(2, 3, 1));
    expect(() => layer.backwardWeights(randomBatch(2, 4, 1))).toThrow(
      /backwardWeights got ∂J\/∂Z of shape \[3×4\], expected \[3×3\]/,
    );
  });
});

import {
  DTYPES,
  manualSeed,
  type Parameter,
  ShapeError,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import {
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

describe('NeuralNetwork', () => {
  it('forward runs the layers in order, backward in reverse order', () => {
    const calls: string[] = [];
    const spy = (name: string): Layer => ({
      forward: (x) => {
        calls.push(`f${name}`);
        return x;
      },
      backward: (d) => {
        calls.push(`b${name}`);
        return d;
      },
      parameters: () => [],
    });
    const net = new NeuralNetwork([spy('1'), spy('2'), spy('3')]);
    const x = randomBatch(2, 2, 1);
    expect(net.forward(x)).toBe(x);
    net.backward(x);
    expect(calls).toEqual(['f1', 'f2', 'f3', 'b3', 'b2', 'b1']);
  });

  it("parameters() are named layers.<i>.weight by list index and share the layers' tensors", () => {
    const l0 = new Linear(3, 4, { seed: 1 });
    const l2 = new Linear(4, 2, { seed: 2 });
    const net = new NeuralNetwork([l0, new ReLU(), l2]);
    const params = net.parameters();
    expect(params.map((p) => p.name)).toEqual(['layers.0.weight', 'layers.2.weight']);
    expect(params[0]!.value).toBe(l0.weight);
    expect(params[1]!.grad).toBe(l2.grad);
    expect(params.every((p) => p.fixedRow0)).toBe(true);
  });

  it('zeroGrad clears every gradient', () => {
    const net = new NeuralNetwork([
      new Linear(2, 3, { seed: 1 }),
      new Tanh(),
      new Linear(3, 1, { seed: 2 }),
    ]);
    const x = randomBatch(2, 4, 3);
    net.forward(x);
    net.backward(randomWeights(2, 4, 4));
    expect(net.parameters().every((p) => p.grad.backend.norm(p.grad) > 0)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad.backend.norm(p.grad) === 0)).toBe(true);
  });

  it('a user-written layer works in a network', () => {
    /** Scales rows 1… by 3 (row 0, the bias row, is kept). */
    class Triple implements Layer {
      forward(x: Tensor): Tensor {
        const out = x.backend.affine(x, 3);
        return x.backend.fill(out, 1, 0, 1);
      }
      backward(d: Tensor): Tensor {
        const out = d.backend.affine(d, 3);
        return d.backend.fill(out, 0, 0, 1);
      }
      parameters(): Parameter[] {
        return [];
      }
    }
    const net = new NeuralNetwork([
      new Linear(2, 2, { seed: 1 }),
      new Triple(),
      new Linear(2, 1, { seed: 2 }),
    ]);
    const x = randomBatch(2, 3, 5);
    const c = randomWeights(2, 3, 6);
    const j = weightedSquares(c);
    const y = net.forward(x);
    expect(y.shape).toEqual([2, 3]);
    net.backward(j.grad(y));
    expect(net.parameters()).toHaveLength(2);
  });

  describeOnBackends(DTYPES, 'row 0 of every weight stays exactly [1, 0 … 0], %s', (dtype) => {
    it('through 300 gradient steps (W ← W − η·∂J/∂W with backend.axpby)', () => {
      const net = new NeuralNetwork([
        new Linear(3, 5, { dtype, seed: 1 }),
        new ReLU(),
        new Linear(5, 4, { dtype, seed: 2 }),
        new Sigmoid(),
        new Linear(4, 4, { dtype, seed: 3 }),
        new LeakyReLU(),
        new Linear(4, 2, { dtype, seed: 4 }),
        new Tanh(),
      ]);
      const params = net.parameters();
      const x = randomBatch(3, 8, 5, dtype);
      const j = weightedSquares(randomWeights(3, 8, 6, dtype));
      let changed = false;
      const first = params.map((p) => copyOf(p.value));
      for (let step = 0; step < 300; step++) {
        net.zeroGrad();
        net.backward(j.grad(net.forward(x)));
        for (const p of params) {
          // The gradient's row 0 is zero: every activation zeroes the bias row of its gradient.
          expect(
            p.grad.backend
              .sliceRows(p.grad, 0, 1)
              .toArray()[0]!
              .every((v) => v === 0),
          ).toBe(true);
          p.value.backend.axpby(-0.01, p.grad, 1, p.value);
        }
      }
      params.forEach((p, i) => {
        const w = p.value.toArray();
        expect(w[0]).toEqual([1, ...Array(w[0]!.length - 1).fill(0)]);
        if (p.value.backend.norm(p.value.backend.binary('sub', p.value, first[i]!)) > 0) {
          changed = true;
        }
      });
      expect(changed).toBe(true);
    });
  });

  describe('auto initialisation', () => {
    it('He before ReLU, LeakyReLU, Identity or nothing; Glorot before Sigmoid or Tanh', () => {
      const he = (nIn: number, nOut: number, seed: number) =>
        new Linear(nIn, nOut, { init: 'he', seed }).weight.toArray();
      const glorot = (nIn: number, nOut: number, seed: number) =>
        new Linear(nIn, nOut, { init: 'glorot', seed }).weight.toArray();
      const net = new NeuralNetwork([
        new Linear(3, 4, { seed: 1 }),
        new ReLU(),
        new Linear(4, 4, { seed: 2 }),
        new Sigmoid(),
        new Linear(4, 3, { seed: 3 }),
        new Tanh(),
        new Linear(3, 3, { seed: 4 }),
        new LeakyReLU(),
        new Linear(3, 2, { seed: 5 }),
        new Identity(),
        new Linear(2, 2, { seed: 6 }),
      ]);
      const w = net.parameters().map((p) => p.value.toArray());
      expect(w).toEqual([
        he(3, 4, 1),
        glorot(4, 4, 2),
        glorot(4, 3, 3),
        he(3, 3, 4),
        he(3, 2, 5),
        he(2, 2, 6),
      ]);
    });

    it('draws every layer from the default generator in list order (manualSeed reproduces)', () => {
      const build = () =>
        new NeuralNetwork([
          new Linear(3, 4),
          new Sigmoid(),
          new Linear(4, 2),
          new ReLU(),
          new Linear(2, 1),
        ]);
      manualSeed(7);
      const a = build().stateDict();
      manualSeed(7);
      const b = build().stateDict();
      for (const [name, t] of a) expect(b.get(name)!.toArray()).toEqual(t.toArray());
      // Different layers get different draws.
      expect(a.get('layers.2.weight')!.toArray()).not.toEqual(a.get('layers.0.weight')!.toArray());
    });

    it('an explicit scheme or explicit weights are kept', () => {
      const explicit = [
        [1, 0],
        [0.5, 0.25],
      ];
      const net = new NeuralNetwork([
        new Linear(1, 1, { weight: explicit }),
        new Sigmoid(),
        new Linear(1, 1, { init: 'he', seed: 3 }),
        new Sigmoid(),
      ]);
      expect(net.parameters()[0]!.value.toArray()).toEqual(explicit);
      expect(net.parameters()[1]!.value.toArray()).toEqual(
        new Linear(1, 1, { init: 'he', seed: 3 }).weight.toArray(),
      );
    });
  });

  describe('bad input', () => {
    it('a chain of Linear sizes that does not fit names both layers and sizes', () => {
      const make = () =>
        new NeuralNetwork([new Linear(2, 3), new ReLU(), new Linear(4, 2), new Sigmoid()]);
      expect(make).toThrow(ShapeError);
      expect(make).toThrow(
        /layers\.0 is Linear\(2→3\) with 3 outputs, but the next sized layer, layers\.2, is Linear\(4→2\) and takes 4 inputs/,
      );
      expect(
        () => new NeuralNetwork([new Linear(2, 3), new Linear(3, 1), new Linear(2, 1)]),
      ).toThrow(/layers\.1 is Linear\(3→1\).*layers\.2, is Linear\(2→1\)/);
    });

    it('an input whose row count does not fit the first Linear names it', () => {
      const net = new NeuralNetwork([new Identity(), new Linear(3, 2, { seed: 1 }), new ReLU()]);
      expect(() => net.forward(randomBatch(2, 5, 1))).toThrow(ShapeError);
      expect(() => net.forward(randomBatch(2, 5, 1))).toThrow(
        /the input has shape \[3×5\], but layers\.1 \(Linear\(3→2\)\) expects 4 rows/,
      );
    });

    it('no layers, a non-layer, the same layer twice', () => {
      expect(() => new NeuralNetwork([])).toThrow(ValueError);
      // @ts-expect-error: not a layer
      expect(() => new NeuralNetwork([new ReLU(), { forward: () => 0 }])).toThrow(
        /layers\.1 is not a layer/,
      );
      const relu = new ReLU();
      expect(() => new NeuralNetwork([new Linear(1, 1), relu, new Linear(1, 1), relu])).toThrow(
        /layers\.1 and layers\.3 are the same layer object/,
      );
    });
  });

  it('prints its layers', () => {
    const net = new NeuralNetwork([
      new Linear(2, 3, { seed: 1 }),
      new LeakyReLU(),
      new Linear(3, 1, { seed: 2 }),
    ]);
    expect(String(net)).toBe(
      'NeuralNetwork(\n  (0) Linear(2→3)\n  (1) LeakyReLU\n  (2) Linear(3→1)\n)',
    );
  });
});

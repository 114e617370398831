import { DTYPES, ShapeError, tensor, ValueError } from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Identity, LeakyReLU, ReLU, Sigmoid, Tanh } from '../src/index.js';

describeOnBackends(DTYPES, 'activations, %s', (dtype) => {
  const close = (a: number[][], b: number[][]) => {
    const tol = dtype === 'float64' ? 1e-12 : 1e-6;
    a.flat().forEach((v, i) => {
      expect(Math.abs(v - b.flat()[i]!)).toBeLessThanOrEqual(tol);
    });
  };
  const z = () =>
    tensor(
      [
        [1, 1, 1],
        [-2, 0.5, 3],
        [0.25, -0.75, -4],
      ],
      { dtype },
    );
  const dA = () =>
    tensor(
      [
        [7, 7, 7],
        [1, -2, 0.5],
        [3, 1, -1],
      ],
      { dtype },
    );
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const cases = [
    {
      name: 'ReLU',
      make: () => new ReLU(),
      g: (v: number) => Math.max(0, v),
      dg: (v: number) => (v > 0 ? 1 : 0),
    },
    {
      name: 'LeakyReLU',
      make: () => new LeakyReLU(),
      g: (v: number) => (v > 0 ? v : 0.01 * v),
      dg: (v: number) => (v > 0 ? 1 : 0.01),
    },
    {
      name: 'LeakyReLU(0.2)',
      make: () => new LeakyReLU(0.2),
      g: (v: number) => (v > 0 ? v : 0.2 * v),
      dg: (v: number) => (v > 0 ? 1 : 0.2),
    },
    {
      name: 'Sigmoid',
      make: () => new Sigmoid(),
      g: sig,
      dg: (v: number) => sig(v) * (1 - sig(v)),
    },
    {
      name: 'Tanh',
      make: () => new Tanh(),
      g: Math.tanh,
      dg: (v: number) => 1 - Math.tanh(v) ** 2,
    },
    { name: 'Identity', make: () => new Identity(), g: (v: number) => v, dg: () => 1 },
  ];

  it.each(cases)('$name: forward keeps row 0 (Eq. 3.7), backward zeroes it (Eq. 3.8)', (c) => {
    const layer = c.make();
    const zs = z().toArray();
    const out = layer.forward(z()).toArray();
    close(out, [zs[0]!, ...zs.slice(1).map((row) => row.map(c.g))]);
    const d = layer.backward(dA()).toArray();
    const ds = dA().toArray();
    close(d, [
      [0, 0, 0],
      ...zs.slice(1).map((row, i) => row.map((v, j) => ds[i + 1]![j]! * c.dg(v))),
    ]);
    expect(layer.parameters()).toEqual([]);
  });

  it('Sigmoid stays finite for ±1000', () => {
    const layer = new Sigmoid();
    const out = layer
      .forward(
        tensor(
          [
            [1, 1],
            [-1000, 1000],
          ],
          { dtype },
        ),
      )
      .toArray();
    expect(out).toEqual([
      [1, 1],
      [0, 1],
    ]);
    const d = layer
      .backward(
        tensor(
          [
            [0, 0],
            [1, 1],
          ],
          { dtype },
        ),
      )
      .toArray();
    expect(d.flat().every(Number.isFinite)).toBe(true);
  });
});

describe('activations: bad input', () => {
  it('backward before forward, and a gradient of the wrong shape', () => {
    const relu = new ReLU();
    expect(() => relu.backward(tensor([[1]]))).toThrow(/ReLU: backward was called before forward/);
    relu.forward(
      tensor([
        [1, 1],
        [2, 3],
      ]),
    );
    expect(() => relu.backward(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => relu.backward(tensor([[1, 2, 3]]))).toThrow(/expected \[2×2\]/);
  });

  it('LeakyReLU needs a finite slope', () => {
    expect(() => new LeakyReLU(Number.NaN)).toThrow(ValueError);
    expect(new LeakyReLU(0.3).slope).toBe(0.3);
  });

  it('an activation follows its input to another dtype', () => {
    const t = new Tanh();
    expect(t.forward(tensor([[1], [0.5]])).dtype).toBe('float64');
    expect(t.forward(tensor([[1], [0.5]], { dtype: 'float32' })).dtype).toBe('float32');
  });
});

import {
  BackendError,
  createCpuBackend,
  DTYPES,
  DTypeError,
  getBackend,
  MfnetError,
  manualSeed,
  ShapeError,
  setBackend,
  tensor,
  ValueError,
} from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Linear } from '../src/index.js';
import { copyOf, randomBatch } from './helpers.js';

describeOnBackends(DTYPES, 'Linear, %s', (dtype) => {
  const w = [
    [1, 0, 0],
    [0.5, 1, -1],
    [-1, 2, 3],
  ];
  /** An input batch for w: 2 features × 2 samples under the bias row. */
  const a0 = [
    [1, 1],
    [2, 0],
    [1, -1],
  ];

  it('forward is Z = W·A (Eq. 3.4) and keeps the bias row', () => {
    const layer = new Linear(2, 2, { dtype, weight: w });
    const a = tensor(a0, { dtype });
    expect(layer.forward(a).toArray()).toEqual([
      [1, 1],
      [0.5 + 2 - 1, 0.5 + 0 + 1],
      [-1 + 4 + 3, -1 + 0 - 3],
    ]);
  });

  it('backward adds Δ·Aᵀ to grad (Eq. 3.5), accumulating, and returns Wᵀ·Δ (Eq. 3.6)', () => {
    const layer = new Linear(2, 2, { dtype, weight: w });
    const a = tensor(a0, { dtype });
    const delta = tensor(
      [
        [0, 0],
        [1, 2],
        [-1, 0.5],
      ],
      { dtype },
    );
    layer.forward(a);
    const dA = layer.backward(delta).toArray();
    // Δ·Aᵀ by hand.
    const once = [
      [0, 0, 0],
      [1 * 1 + 2 * 1, 1 * 2 + 2 * 0, 1 * 1 + 2 * -1],
      [-1 + 0.5, -2 + 0, -1 - 0.5],
    ];
    expect(layer.grad.toArray()).toEqual(once);
    // Wᵀ·Δ by hand.
    expect(dA).toEqual([
      [0.5 * 1 + -1 * -1, 0.5 * 2 + -1 * 0.5],
      [1 * 1 + 2 * -1, 1 * 2 + 2 * 0.5],
      [-1 * 1 + 3 * -1, -1 * 2 + 3 * 0.5],
    ]);
    layer.forward(a);
    layer.backward(delta);
    expect(layer.grad.toArray()).toEqual(once.map((row) => row.map((v) => 2 * v)));
    layer.parameters()[0]!.grad.backend.fill(layer.grad, 0);
    expect(
      layer.grad
        .toArray()
        .flat()
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('row 0 of grad stays zero even when Δ has a non-zero row 0', () => {
    const layer = new Linear(2, 2, { dtype, weight: w });
    const a = randomBatch(2, 3, 1, dtype);
    layer.forward(a);
    const delta = tensor(
      [
        [5, 5, 5],
        [1, 2, 3],
        [1, 1, 1],
      ],
      { dtype },
    );
    layer.backward(delta);
    expect(layer.grad.toArray()[0]).toEqual([0, 0, 0]);
    expect(layer.grad.toArray()[1]!.some((v) => v !== 0)).toBe(true);
  });

  it('parameters(): one augmented weight with its gradient, fixedRow0', () => {
    const layer = new Linear(3, 4, { dtype, seed: 1 });
    const [p, ...rest] = layer.parameters();
    expect(rest).toHaveLength(0);
    expect(p!.name).toBe('weight');
    expect(p!.value).toBe(layer.weight);
    expect(p!.grad).toBe(layer.grad);
    expect(p!.fixedRow0).toBe(true);
    expect(layer.weight.shape).toEqual([5, 4]);
    expect(layer.weight.dtype).toBe(dtype);
  });

  it('reuses its output buffer for one batch size and makes another for a new size', () => {
    const layer = new Linear(2, 3, { dtype, seed: 1 });
    const x4 = randomBatch(2, 4, 1, dtype);
    const z1 = layer.forward(x4);
    const z2 = layer.forward(randomBatch(2, 4, 2, dtype));
    expect(z2).toBe(z1);
    const z3 = layer.forward(randomBatch(2, 7, 3, dtype));
    expect(z3).not.toBe(z1);
    expect(z3.shape).toEqual([4, 7]);
    expect(layer.forward(x4)).toBe(z1);
  });
});

describe('Linear initialisation', () => {
  const block = (layer: Linear) =>
    layer.weight
      .toArray()
      .slice(1)
      .flatMap((row) => row.slice(1));
  const stats = (v: number[]) => {
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
    return { mean, std: Math.sqrt(variance), maxAbs: Math.max(...v.map(Math.abs)) };
  };

  it('row 0 is [1, 0 … 0] and the bias column is zero, for every scheme', () => {
    for (const init of ['he', 'he_uniform', 'glorot', 'glorot_normal', 'zeros', 'auto'] as const) {
      const w = new Linear(5, 4, { init, seed: 3 }).weight.toArray();
      expect(w[0]).toEqual([1, 0, 0, 0, 0, 0]);
      expect(w.slice(1).map((row) => row[0])).toEqual([0, 0, 0, 0]);
    }
  });

  it('He: normal with std √(2/nIn)', () => {
    const s = stats(block(new Linear(400, 300, { init: 'he', seed: 1 })));
    expect(Math.abs(s.mean)).toBeLessThan(0.02 * Math.sqrt(2 / 400));
    expect(s.std / Math.sqrt(2 / 400)).toBeCloseTo(1, 1);
    // A normal sample of 120000 has values beyond the uniform limit √3·std.
    expect(s.maxAbs).toBeGreaterThan(Math.sqrt(3) * Math.sqrt(2 / 400));
  });

  it('Glorot: uniform in ±√(6/(nIn+nOut))', () => {
    const limit = Math.sqrt(6 / 700);
    const s = stats(block(new Linear(400, 300, { init: 'glorot', seed: 1 })));
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
    expect(s.std / (limit / Math.sqrt(3))).toBeCloseTo(1, 1);
  });

  it('zeros: nothing but row 0', () => {
    expect(block(new Linear(3, 2, { init: 'zeros' })).every((v) => v === 0)).toBe(true);
  });

  it('a standalone auto Linear is He', () => {
    expect(new Linear(6, 5, { seed: 9 }).weight.toArray()).toEqual(
      new Linear(6, 5, { init: 'he', seed: 9 }).weight.toArray(),
    );
  });

  it('draws from defaultRng() when given neither rng nor seed (manualSeed reproduces)', () => {
    manualSeed(42);
    const a = new Linear(4, 3).weight.toArray();
    const b = new Linear(4, 3).weight.toArray();
    manualSeed(42);
    expect(new Linear(4, 3).weight.toArray()).toEqual(a);
    expect(b).not.toEqual(a);
  });

  it('uses the current backend unless given one', () => {
    const previous = getBackend();
    const other = createCpuBackend();
    try {
      setBackend(other);
      expect(new Linear(2, 2).weight.backend).toBe(other);
    } finally {
      setBackend(previous);
    }
    const mine = createCpuBackend();
    expect(new Linear(2, 2, { backend: mine }).weight.backend).toBe(mine);
  });
});

describe('Linear: bad input', () => {
  it('sizes must be positive integers', () => {
    expect(() => new Linear(0, 3)).toThrow(ValueError);
    expect(() => new Linear(2.5, 3)).toThrow(/nIn must be a positive integer, got 2.5/);
    expect(() => new Linear(2, Number.NaN)).toThrow(/nOut/);
  });

  it('an unknown init scheme', () => {
    // @ts-expect-error: not a scheme
    expect(() => new Linear(2, 3, { init: 'kaiming' })).toThrow(/unknown init "kaiming"/);
  });

  it('explicit weights of the wrong shape', () => {
    const bad = () =>
      new Linear(2, 3, {
        weight: [
          [1, 0, 0],
          [0, 1, 1],
        ],
      });
    expect(bad).toThrow(ShapeError);
    expect(bad).toThrow(/Linear\(2→3\): weight has shape \[2×3\], expected \[4×3\]/);
  });

  it('NaN or Infinity in explicit weights names the element', () => {
    const withNaN = [
      [1, 0, 0],
      [0, 1, Number.NaN],
    ];
    expect(() => new Linear(2, 1, { weight: withNaN })).toThrow(ValueError);
    expect(() => new Linear(2, 1, { weight: withNaN })).toThrow(/element \[1, 2\] is NaN/);
    const t = tensor([
      [1, 0, 0],
      [0, 1, 2],
    ]);
    t.backend.write(t, [1, 0, 0, 0, Number.POSITIVE_INFINITY, 2]);
    expect(() => new Linear(2, 1, { weight: t })).toThrow(/element \[1, 1\] is Infinity/);
  });

  it('explicit weights whose row 0 is not [1, 0 … 0]', () => {
    expect(
      () =>
        new Linear(2, 1, {
          weight: [
            [1, 0.5, 0],
            [0, 1, 2],
          ],
        }),
    ).toThrow(/row 0 must be exactly \[1, 0 … 0\].*element \[0, 1\] is 0.5/);
  });

  it('a ragged weight array', () => {
    expect(
      () =>
        new Linear(2, 1, {
          weight: [
            [1, 0, 0],
            [0, 1],
          ],
        }),
    ).toThrow(MfnetError);
  });

  it('an input with the wrong row count names the layer and the shapes', () => {
    const layer = new Linear(3, 2, { seed: 1 });
    expect(() => layer.forward(randomBatch(4, 2, 1))).toThrow(ShapeError);
    expect(() => layer.forward(randomBatch(4, 2, 1))).toThrow(
      /Linear\(3→2\): the input has 5 rows \(shape \[5×2\]\), expected 4/,
    );
  });

  it('an input of another dtype or backend', () => {
    const layer = new Linear(2, 2, { seed: 1 });
    expect(() => layer.forward(randomBatch(2, 2, 1, 'float32'))).toThrow(DTypeError);
    const elsewhere = randomBatch(2, 2, 1, 'float64', createCpuBackend());
    expect(() => layer.forward(elsewhere)).toThrow(BackendError);
  });

  it('backward before forward, and a gradient of the wrong shape', () => {
    const layer = new Linear(2, 2, { seed: 1 });
    expect(() => layer.backward(randomBatch(2, 3, 1))).toThrow(
      /backward was called before forward/,
    );
    layer.forward(randomBatch(2, 3, 1));
    expect(() => layer.backward(randomBatch(2, 4, 1))).toThrow(
      /backward got ∂J\/∂Z of shape \[3×4\], expected \[3×3\]/,
    );
  });

  it('setWeight from another dtype converts; the gradient is cleared', () => {
    const layer = new Linear(1, 1, { seed: 1 });
    layer.forward(randomBatch(1, 2, 1));
    layer.backward(randomBatch(1, 2, 2));
    const w32 = tensor(
      [
        [1, 0],
        [0.25, -2],
      ],
      { dtype: 'float32' },
    );
    layer.setWeight(w32);
    expect(layer.weight.dtype).toBe('float64');
    expect(layer.weight.toArray()).toEqual(w32.toArray());
    expect(copyOf(layer.grad).toArray().flat()).toEqual([0, 0, 0, 0]);
  });
});

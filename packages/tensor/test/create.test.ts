import { describe, expect, it } from 'vitest';
import {
  createCpuBackend,
  eye,
  full,
  getBackend,
  ones,
  Rng,
  rand,
  randn,
  setBackend,
  tensor,
  zeros,
} from '../src/index.js';

describe('tensor()', () => {
  it('builds a tensor from nested arrays, one inner array per row', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.rows).toBe(2);
    expect(t.cols).toBe(3);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('builds from a flat array with a shape, row-major', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('makes a flat array without a shape one row', () => {
    expect(tensor([7, 8, 9]).shape).toEqual([1, 3]);
  });

  it('builds from typed arrays and copies them', () => {
    const data = new Float32Array([0.5, 1.5, 2.5, 3.5]);
    const t = tensor(data, { shape: [2, 2] });
    data[0] = 100;
    expect(Array.from(t.toTypedArray())).toEqual([0.5, 1.5, 2.5, 3.5]);
    expect(tensor(new Float64Array([1, 2]), { shape: [2, 1] }).toArray()).toEqual([[1], [2]]);
  });

  it('stores float32 rounded and float64 exactly', () => {
    const t32 = tensor([[0.1, 1 / 3]], { dtype: 'float32' });
    expect(t32.dtype).toBe('float32');
    expect(t32.toTypedArray()).toBeInstanceOf(Float32Array);
    expect(Array.from(t32.toTypedArray())).toEqual([Math.fround(0.1), Math.fround(1 / 3)]);
    const t64 = tensor([[0.1, 1 / 3]]);
    expect(t64.toTypedArray()).toBeInstanceOf(Float64Array);
    expect(Array.from(t64.toTypedArray())).toEqual([0.1, 1 / 3]);
  });

  it('uses the backend it is given, else the current one', () => {
    const backend = createCpuBackend();
    expect(tensor([[1]], { backend }).backend).toBe(backend);
    expect(tensor([[1]]).backend).toBe(getBackend());
  });
});

describe('zeros, ones, full, eye', () => {
  it('fill with the right values and shape', () => {
    expect(zeros(2, 3).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones(1, 2, { dtype: 'float32' }).toArray()).toEqual([[1, 1]]);
    expect(full(2, 1, -2.5).toArray()).toEqual([[-2.5], [-2.5]]);
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});

describe('randn and rand', () => {
  it('give the seeded generator’s draws', () => {
    const host = new Rng(5);
    const want = Array.from({ length: 6 }, () => 2 + 3 * host.normal());
    expect(Array.from(randn(2, 3, { seed: 5, mean: 2, std: 3 }).toTypedArray())).toEqual(want);
    const u = new Rng(5);
    const wantU = Array.from({ length: 4 }, () => 1 + 2 * u.uniform());
    expect(Array.from(rand(4, 1, { seed: 5, low: 1, high: 3 }).toTypedArray())).toEqual(wantU);
  });

  it('keep rand inside [low, high)', () => {
    const values = Array.from(rand(50, 40, { seed: 3, low: -1, high: 2 }).toTypedArray());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(2);
  });

  it('draw fresh numbers on each call without a seed (the global generator)', () => {
    const a = randn(3, 3).toTypedArray();
    const b = randn(3, 3).toTypedArray();
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  it('draw on the current backend when none is given', () => {
    const previous = getBackend();
    const backend = createCpuBackend();
    try {
      setBackend(backend);
      expect(randn(2, 2, { seed: 1 }).backend).toBe(backend);
    } finally {
      setBackend(previous);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createCpuBackend, tensor } from '../src/index.js';

describe('Tensor', () => {
  it('toArray gives one inner array per row', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('toTypedArray gives a row-major copy in the tensor’s dtype', () => {
    const t = tensor(
      [
        [1.5, 2],
        [3, 4],
      ],
      { dtype: 'float32' },
    );
    const data = t.toTypedArray();
    expect(data).toBeInstanceOf(Float32Array);
    expect(Array.from(data)).toEqual([1.5, 2, 3, 4]);
    data[0] = 99;
    expect(t.toArray()[0]).toEqual([1.5, 2]);
  });

  it('has a frozen shape and its size', () => {
    const t = tensor([[1, 2, 3]]);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(t.size).toBe(3);
  });

  it('renders shape, dtype, backend and values in toString', () => {
    const backend = createCpuBackend();
    const s = tensor(
      [
        [1, 0.123456],
        [-2, 3],
      ],
      { backend },
    ).toString();
    expect(s).toContain('Tensor[2×2] float64 on cpu');
    expect(s).toContain('0.1235');
    expect(s).toContain('-2');
  });
});

import { describe, expect, it } from 'vitest';
import { createCpuBackend, ScratchPool, type Tensor, ValueError } from '../src/index.js';
import { countingBackend } from '../src/testing/index.js';

describe('ScratchPool', () => {
  const counter = countingBackend(createCpuBackend());
  const backend = counter.backend;
  const pool = new ScratchPool(
    (b, dtype, rows, cols) => ({
      a: b.zeros(rows, cols, dtype),
      b: b.zeros(rows, cols, dtype),
      host: new Float64Array(cols),
    }),
    2,
  );

  it('hands back the same entry for the same backend, dtype and shape', () => {
    const first = pool.get(backend, 'float64', 2, 3);
    expect(pool.get(backend, 'float64', 2, 3)).toBe(first);
    expect(pool.get(backend, 'float32', 2, 3)).not.toBe(first);
    expect(pool.get(backend, 'float32', 2, 3).a.dtype).toBe('float32');
    expect(pool.size).toBe(2);
  });

  it('lets the least recently used entry go when full, disposing its tensors', () => {
    pool.clear();
    const before = counter.disposed();
    const x = pool.get(backend, 'float64', 1, 1);
    const y = pool.get(backend, 'float64', 1, 2);
    expect(pool.get(backend, 'float64', 1, 1)).toBe(x); // x is now the most recent
    pool.get(backend, 'float64', 1, 3); // y goes
    expect(counter.disposed() - before).toBe(2);
    expect(pool.get(backend, 'float64', 1, 1)).toBe(x);
    expect(pool.get(backend, 'float64', 1, 2)).not.toBe(y);
  });

  it('keeps one entry per backend', () => {
    pool.clear();
    const other = createCpuBackend();
    const mine = pool.get(backend, 'float64', 2, 2);
    const theirs = pool.get(other, 'float64', 2, 2);
    expect(theirs).not.toBe(mine);
    expect(theirs.a.backend).toBe(other);
  });

  it('disposes a Tensor entry itself, and everything on clear()', () => {
    const tensors = new ScratchPool<Tensor>(
      (b, dtype, rows, cols) => b.zeros(rows, cols, dtype),
      1,
    );
    const before = counter.disposed();
    tensors.get(backend, 'float64', 1, 1);
    tensors.get(backend, 'float64', 1, 2);
    expect(counter.disposed() - before).toBe(1);
    tensors.clear();
    expect(counter.disposed() - before).toBe(2);
    expect(tensors.size).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new ScratchPool(() => ({}), 0)).toThrow(ValueError);
  });
});

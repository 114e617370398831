import {
  createCpuBackend,
  DTYPES,
  manualSeed,
  ShapeError,
  tensor,
  ValueError,
} from '@mfnet/tensor';
import { describe, expect, it, vi } from 'vitest';
import { DataLoader } from '../src/index.js';

/** m×n host matrix with entry (i, j) = 100·i + j + 0.5, so each value says where it came from. */
function labelled(m: number, n: number): { data: Float64Array; shape: [number, number] } {
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] = 100 * i + j + 0.5;
  return { data, shape: [m, n] };
}

describe.each(DTYPES)('DataLoader (%s)', (dtype) => {
  it('transposes and prepends the ones row to x and y, as in Appendix A of the paper', () => {
    const X = tensor(
      [
        [1, 2],
        [1, 3],
        [2, 2],
        [2, 3],
      ],
      { dtype },
    );
    const Y = tensor([[1], [1], [2], [2]], { dtype });
    const loader = new DataLoader(X, Y, { batchSize: 4, shuffle: false });
    const batches = [...loader];
    expect(batches).toHaveLength(1);
    const { x, y } = batches[0]!;
    expect(x.dtype).toBe(dtype);
    expect(x.toArray()).toEqual([
      [1, 1, 1, 1],
      [1, 1, 2, 2],
      [2, 3, 2, 3],
    ]);
    expect(y.toArray()).toEqual([
      [1, 1, 1, 1],
      [1, 1, 2, 2],
    ]);
  });

  it('puts sample indices[j] in column j of every batch, and visits each sample once per epoch', () => {
    const m = 23;
    const loader = new DataLoader(labelled(m, 3), labelled(m, 2), {
      batchSize: 5,
      seed: 7,
      dtype,
    });
    expect(loader.length).toBe(5);
    for (let epoch = 0; epoch < 3; epoch++) {
      const seen: number[] = [];
      const sizes: number[] = [];
      for (const { x, y, indices } of loader) {
        const xs = x.toArray();
        const ys = y.toArray();
        sizes.push(x.cols);
        expect(xs[0]).toEqual(new Array(x.cols).fill(1));
        expect(ys[0]).toEqual(new Array(y.cols).fill(1));
        indices.forEach((sample, j) => {
          for (let f = 0; f < 3; f++) expect(xs[f + 1]![j]).toBeCloseTo(100 * sample + f + 0.5, 3);
          for (let f = 0; f < 2; f++) expect(ys[f + 1]![j]).toBeCloseTo(100 * sample + f + 0.5, 3);
        });
        seen.push(...indices);
      }
      expect(sizes).toEqual([5, 5, 5, 5, 3]);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: m }, (_, i) => i));
      expect(seen).toEqual([...loader.epochOrder(epoch)]);
    }
    expect(loader.epoch).toBe(3);
  });

  it('drops the last partial batch only when asked', () => {
    const keep = new DataLoader(labelled(10, 1), labelled(10, 1), { batchSize: 4, dtype });
    const drop = new DataLoader(labelled(10, 1), labelled(10, 1), {
      batchSize: 4,
      dropLast: true,
      dtype,
    });
    expect(keep.length).toBe(3);
    expect([...keep].map((b) => b.x.cols)).toEqual([4, 4, 2]);
    expect(drop.length).toBe(2);
    expect([...drop].map((b) => b.x.cols)).toEqual([4, 4]);
  });
});

describe('DataLoader shuffling', () => {
  it('draws a new permutation each epoch, reproducible from the seed', () => {
    const a = new DataLoader(labelled(50, 1), labelled(50, 1), { batchSize: 8, seed: 42 });
    const b = new DataLoader(labelled(50, 1), labelled(50, 1), { batchSize: 8, seed: 42 });
    const c = new DataLoader(labelled(50, 1), labelled(50, 1), { batchSize: 8, seed: 43 });
    expect([...a.epochOrder(0)]).toEqual([...b.epochOrder(0)]);
    expect([...a.epochOrder(5)]).toEqual([...b.epochOrder(5)]);
    expect([...a.epochOrder(0)]).not.toEqual([...a.epochOrder(1)]);
    expect([...a.epochOrder(0)]).not.toEqual([...c.epochOrder(0)]);
    // iterating epoch 1 directly gives the same batches as the second for…of
    const direct = [...a.batches(1)].map((batch) => [...batch.indices]);
    [...b]; // epoch 0
    const second = [...b].map((batch) => [...batch.indices]);
    expect(second).toEqual(direct);
  });

  it('keeps the natural order without shuffle', () => {
    const loader = new DataLoader(labelled(6, 1), labelled(6, 1), {
      batchSize: 4,
      shuffle: false,
    });
    expect([...loader.epochOrder(3)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('draws its seed from the global RNG when none is given, so manualSeed reproduces it', () => {
    manualSeed(123);
    const a = new DataLoader(labelled(30, 1), labelled(30, 1), { batchSize: 4 });
    manualSeed(123);
    const b = new DataLoader(labelled(30, 1), labelled(30, 1), { batchSize: 4 });
    expect(a.seed).toBe(b.seed);
    expect([...a.epochOrder(2)]).toEqual([...b.epochOrder(2)]);
  });
});

describe('DataLoader storage', () => {
  it('reuses one pair of tensors per batch size and only writes them (no per-step allocation)', () => {
    const backend = createCpuBackend();
    const write = vi.spyOn(backend, 'write');
    const fromHost = vi.spyOn(backend, 'fromHost');
    const loader = new DataLoader(labelled(10, 2), labelled(10, 1), { batchSize: 4, backend });
    const xs = new Set<unknown>();
    for (let epoch = 0; epoch < 3; epoch++) for (const { x, y } of loader) xs.add(x).add(y);
    expect(xs.size).toBe(4); // full and partial, x and y
    expect(write).toHaveBeenCalledTimes(3 * 3 * 2);
    expect(fromHost).not.toHaveBeenCalled();
  });

  it('with copy: true, yields tensors that later steps do not overwrite', () => {
    const loader = new DataLoader(labelled(8, 1), labelled(8, 1), {
      batchSize: 2,
      shuffle: false,
      copy: true,
    });
    const kept = [...loader].map((b) => b.x);
    expect(new Set(kept).size).toBe(4);
    expect(kept.map((x) => x.toArray()[1])).toEqual([
      [0.5, 100.5],
      [200.5, 300.5],
      [400.5, 500.5],
      [600.5, 700.5],
    ]);
  });

  it('copies its data at construction, so later edits of the caller do not leak in', () => {
    const X = labelled(4, 1);
    const loader = new DataLoader(X, labelled(4, 1), { batchSize: 4, shuffle: false });
    X.data.fill(-1);
    expect([...loader][0]!.x.toArray()[1]).toEqual([0.5, 100.5, 200.5, 300.5]);
  });

  it('takes dtype and backend from a Tensor, float32 from a Float32Array', () => {
    const backend = createCpuBackend();
    const X = tensor([[1], [2]], { dtype: 'float32', backend });
    const loader = new DataLoader(X, { data: [1, 2], shape: [2, 1] }, { batchSize: 2 });
    expect(loader.dtype).toBe('float32');
    expect(loader.backend).toBe(backend);
    const fromF32 = new DataLoader(
      { data: new Float32Array([1, 2]), shape: [2, 1] },
      { data: [1, 2], shape: [2, 1] },
      { batchSize: 1 },
    );
    expect(fromF32.dtype).toBe('float32');
  });
});

describe('DataLoader errors', () => {
  it('refuses X and Y with different sample counts', () => {
    expect(() => new DataLoader(labelled(4, 1), labelled(5, 1), { batchSize: 2 })).toThrow(
      ShapeError,
    );
    expect(() => new DataLoader(labelled(4, 1), labelled(5, 1), { batchSize: 2 })).toThrow(
      /X has 4 samples .* Y has 5/,
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses batchSize %s', (batchSize) => {
    expect(() => new DataLoader(labelled(4, 1), labelled(4, 1), { batchSize })).toThrow(ValueError);
  });

  it('refuses a shape that does not match the data, and non-finite values', () => {
    expect(
      () => new DataLoader({ data: [1, 2, 3], shape: [2, 2] }, labelled(2, 1), { batchSize: 1 }),
    ).toThrow(/needs 4 elements; the data has 3/);
    expect(
      () =>
        new DataLoader({ data: [1, Number.NaN], shape: [2, 1] }, labelled(2, 1), { batchSize: 1 }),
    ).toThrow(/element \[1, 0\] is NaN/);
  });

  it('refuses a bad epoch number', () => {
    const loader = new DataLoader(labelled(4, 1), labelled(4, 1), { batchSize: 2 });
    expect(() => loader.epochOrder(-1)).toThrow(ValueError);
  });
});

import { createCpuBackend, DTYPES, tensor, ValueError } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { oneHot, oneHotMatrix, StandardScaler, scalePixels, trainTestSplit } from '../src/index.js';

describe('trainTestSplit', () => {
  const X = { data: Float64Array.from({ length: 20 }, (_, i) => i), shape: [10, 2] as const };
  const Y = { data: Float64Array.from({ length: 10 }, (_, i) => 10 * i), shape: [10, 1] as const };

  it('splits rows seeded and reproducibly, keeping X and Y rows together', () => {
    const a = trainTestSplit(X, Y, { testSize: 0.3, seed: 1 });
    const b = trainTestSplit(X, Y, { testSize: 0.3, seed: 1 });
    expect(a.xTest.shape).toEqual([3, 2]);
    expect(a.xTrain.shape).toEqual([7, 2]);
    expect([...a.testIndices]).toEqual([...b.testIndices]);
    const all = [...a.trainIndices, ...a.testIndices].sort((p, q) => p - q);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    a.testIndices.forEach((row, i) => {
      expect(a.xTest.data[2 * i]).toBe(2 * row);
      expect(a.yTest.data[i]).toBe(10 * row);
    });
    const c = trainTestSplit(X, Y, { testSize: 0.3, seed: 2 });
    expect([...c.testIndices]).not.toEqual([...a.testIndices]);
  });

  it('takes the last rows as the test part without shuffle, and a count as testSize', () => {
    const s = trainTestSplit(X, Y, { testSize: 2, shuffle: false });
    expect([...s.testIndices]).toEqual([8, 9]);
    expect([...s.yTest.data]).toEqual([80, 90]);
  });

  it.each(DTYPES)('gives Tensors for Tensors (%s), on the same backend', (dtype) => {
    const backend = createCpuBackend();
    const tX = tensor(X.data, { shape: [10, 2], dtype, backend });
    const tY = tensor(Y.data, { shape: [10, 1], dtype, backend });
    const s = trainTestSplit(tX, tY, { seed: 3 });
    expect(s.xTrain.backend).toBe(backend);
    expect(s.xTrain.dtype).toBe(dtype);
    expect(s.xTest.shape).toEqual([3, 2]); // ceil(0.25 · 10)
    expect(s.yTest.toArray().map((r) => r[0])).toEqual([...s.testIndices].map((r) => 10 * r));
  });

  it('refuses a testSize that leaves nothing to train on', () => {
    expect(() => trainTestSplit(X, Y, { testSize: 10 })).toThrow(ValueError);
    expect(() => trainTestSplit(X, Y, { testSize: 1.5 })).toThrow(/testSize/);
  });
});

describe('StandardScaler', () => {
  it.each(DTYPES)('standardises columns with the population std and inverts (%s)', (dtype) => {
    const tol = dtype === 'float32' ? 5 : 12;
    const X = tensor(
      [
        [1, 10, 5],
        [2, 20, 5],
        [3, 60, 5],
      ],
      { dtype },
    );
    const scaler = new StandardScaler().fit(X);
    expect(scaler.mean[0]).toBeCloseTo(2, 12);
    expect(scaler.scale[0]).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(scaler.scale[2]).toBe(1); // a constant column keeps scale 1
    const Z = scaler.transform(X);
    expect(Z.dtype).toBe(dtype);
    const z = Z.toArray();
    for (let j = 0; j < 2; j++) {
      const col = z.map((r) => r[j]!);
      expect(col.reduce((s, v) => s + v, 0) / 3).toBeCloseTo(0, tol);
      expect(col.reduce((s, v) => s + v * v, 0) / 3).toBeCloseTo(1, tol);
    }
    expect(z.map((r) => r[2])).toEqual([0, 0, 0]);
    const back = scaler.inverseTransform(Z).toArray();
    const original = X.toArray().flat();
    back.flat().forEach((v, i) => {
      expect(v).toBeCloseTo(original[i]!, tol);
    });
  });

  it('refuses to transform before fit or with another column count', () => {
    const scaler = new StandardScaler();
    expect(() => scaler.transform({ data: [1], shape: [1, 1] })).toThrow(/fit/);
    scaler.fit({ data: [1, 2, 3, 4], shape: [2, 2] });
    expect(() => scaler.transform({ data: [1, 2, 3], shape: [1, 3] })).toThrow(/3 columns/);
  });
});

describe('oneHot', () => {
  it.each(DTYPES)('encodes labels as rows (%s)', (dtype) => {
    expect(oneHot([2, 0, 1], 3, { dtype }).toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(oneHotMatrix(new Uint8Array([1, 3])).shape).toEqual([2, 4]);
  });

  it('refuses labels outside 0…k−1, naming the index', () => {
    expect(() => oneHot([0, 5], 3)).toThrow(/label 1 is 5/);
    expect(() => oneHot([0, 1.5], 3)).toThrow(ValueError);
  });
});

describe('scalePixels', () => {
  it('divides by 255 exactly in each dtype', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const f64 = scalePixels(bytes, 'float64');
    const f32 = scalePixels(bytes, 'float32');
    expect(f64).toBeInstanceOf(Float64Array);
    expect(f32).toBeInstanceOf(Float32Array);
    for (let v = 0; v < 256; v++) {
      expect(f64[v]).toBe(v / 255);
      expect(f32[v]).toBe(Math.fround(v / 255));
    }
    expect(f64[255]).toBe(1);
  });
});

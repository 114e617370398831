import { DTYPES, ValueError } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../src/index.js';

/** m×n bytes with entry (i, j) = (7·i + 13·j) mod 256, and the same values ÷ 255 as float64. */
function bytes(m: number, n: number): { data: Uint8Array; divided: Float64Array } {
  const data = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] = (7 * i + 13 * j) % 256;
  return { data, divided: Float64Array.from(data, (v) => v / 255) };
}

describe.each(DTYPES)('DataLoader over a ByteMatrix (%s)', (dtype) => {
  it('yields exactly the batches of the matrix divided first (the same IEEE division)', () => {
    const [m, n] = [37, 19];
    const { data, divided } = bytes(m, n);
    const y = { data: Float64Array.from({ length: m }, (_, i) => i), shape: [m, 1] as const };
    const options = { batchSize: 8, seed: 3, dtype };
    const fromBytes = new DataLoader({ data, shape: [m, n], divisor: 255 }, y, options);
    const fromFloats = new DataLoader({ data: divided, shape: [m, n] }, y, options);
    expect(fromBytes.dtype).toBe(dtype);
    const got = [...fromBytes.batches(2)].map((b) => Array.from(b.x.toTypedArray()));
    const want = [...fromFloats.batches(2)].map((b) => Array.from(b.x.toTypedArray()));
    expect(got).toHaveLength(5);
    expect(got).toEqual(want);
  });
});

describe('DataLoader over a ByteMatrix', () => {
  it('keeps the bytes as they are (one copy of the dataset, not widened to float64)', () => {
    const { data } = bytes(4, 2);
    const loader = new DataLoader(
      { data, shape: [4, 2], divisor: 2 },
      { data: [0, 1, 2, 3], shape: [4, 1] },
      { batchSize: 4, shuffle: false },
    );
    expect(loader.dtype).toBe('float64');
    data[0] = 9; // the loader reads the caller's bytes: no copy was made
    expect(loader.batches(0).next().value!.x.toArray()[1]![0]).toBe(4.5);
  });

  it('refuses bytes that do not fit the shape, and a zero or non-finite divisor', () => {
    const y = { data: [0, 1], shape: [2, 1] as const };
    const make = (data: Uint8Array, divisor: number) => () =>
      new DataLoader({ data, shape: [2, 2], divisor }, y, { batchSize: 1 });
    expect(make(new Uint8Array(3), 255)).toThrow(ValueError);
    expect(make(new Uint8Array(3), 255)).toThrow(/needs 4 bytes; the data has 3/);
    expect(make(new Uint8Array(4), 0)).toThrow(/divisor must be a finite number ≠ 0, got 0/);
    expect(make(new Uint8Array(4), Number.NaN)).toThrow(/divisor/);
  });
});

import { describe, expect, it } from 'vitest';
import { gatherTransposed } from '../src/sample-store.js';

/** The definition: out[1 + f, j] = source[indices[j], f] (÷ divisor), row 0 left alone. */
function textbook(
  data: ArrayLike<number>,
  divisor: number | undefined,
  width: number,
  indices: Uint32Array,
): Float64Array {
  const b = indices.length;
  const out = new Float64Array((width + 1) * b).fill(-1);
  for (let j = 0; j < b; j++) {
    for (let f = 0; f < width; f++) {
      const v = data[indices[j]! * width + f]!;
      out[(1 + f) * b + j] = divisor === undefined ? v : v / divisor;
    }
  }
  return out;
}

describe('gatherTransposed', () => {
  const [m, width] = [29, 11];
  const floats = Float64Array.from({ length: m * width }, (_, i) => Math.sin(i) * 1e3);
  const bytes = Uint8Array.from({ length: m * width }, (_, i) => (31 * i + 7) % 256);

  // Batch sizes below, at and around the eight-sample blocks, so the tail loop runs too.
  it.each([1, 7, 8, 9, 16, 23])('writes what the definition says, for a batch of %i', (b) => {
    const indices = Uint32Array.from({ length: b }, (_, j) => (j * 13 + 5) % m);
    for (const [data, divisor] of [
      [floats, undefined],
      [bytes, 255],
    ] as const) {
      const out = new Float64Array((width + 1) * b).fill(-1);
      const source = divisor === undefined ? { data: floats } : { data: bytes, divisor };
      gatherTransposed(source, width, indices, out);
      expect(Array.from(out)).toEqual(Array.from(textbook(data, divisor, width, indices)));
    }
  });
});

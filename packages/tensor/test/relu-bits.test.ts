import { describe, expect, it } from 'vitest';
import {
  reluBackward32,
  reluBackward64,
  reluForward32,
  reluForward64,
} from '../src/cpu/relu-bits.js';

type Floats = Float32Array | Float64Array;
type Make = (n: number) => Floats;

/**
 * Every class of float: ±0, ±denormals, ±normals, ±∞, NaNs of both signs (and, in float64, NaNs
 * and infinities that differ only in the low word), then seeded random values.
 */
function values(make: Make): Floats {
  const special = [0, -0, 5e-324, -5e-324, 1e-45, -1e-45, 1.2e-38, -1.2e-38, 2.2e-308, 1, -1];
  special.push(3.4e38, -3.4e38, 1.7e308, -1.7e308, Infinity, -Infinity, NaN, -NaN);
  const out = make(special.length + 4 + 200);
  out.set(special);
  const words = new Int32Array(out.buffer);
  const wide = out.BYTES_PER_ELEMENT === 8;
  const at = special.length * (wide ? 2 : 1);
  // float64 (lo, hi) words, or float32 bits.
  const word = (i: number, lo: number, hi: number, bits32: number) => {
    if (wide) [words[at + 2 * i], words[at + 2 * i + 1]] = [lo, hi];
    else words[at + i] = bits32;
  };
  word(0, 1, 0x7ff00000, 0x7f800001); // the NaN just above +∞
  word(1, 0, 0x7ff80000, 0x7fc00000); // a quiet NaN
  word(2, 1, 0, 1); // the smallest denormal
  word(3, -1, 0x7fefffff, 0x7f7fffff); // the largest finite
  let s = 12345;
  for (let i = special.length + 4; i < out.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 10;
  }
  return out;
}

/**
 * Each element's bits in hex, a NaN as 'NaN': passing a signalling NaN through a JavaScript
 * number quiets it (the reference below does), while the masks copy its bits; both are NaN.
 */
function bits(a: Floats): string[] {
  const width = a.BYTES_PER_ELEMENT;
  const view = new DataView(a.buffer, a.byteOffset, a.byteLength);
  return Array.from(a, (v, i) =>
    Number.isNaN(v)
      ? 'NaN'
      : width === 8
        ? view.getBigUint64(8 * i, true).toString(16)
        : view.getUint32(4 * i, true).toString(16),
  );
}

describe.each([
  ['float32', (n: number) => new Float32Array(n), reluForward32, reluBackward32],
  ['float64', (n: number) => new Float64Array(n), reluForward64, reluBackward64],
] as const)('%s ReLU on the bits', (_, make, forward, backward) => {
  const z = values(make);
  const dA = values(make).reverse();
  const start = 3;
  // biome-ignore lint/suspicious/noExplicitAny: one test body for both widths
  const fwd = forward as (z: any, out: any, start: number) => void;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const bwd = backward as (z: any, dA: any, out: any, start: number) => void;

  it('forward gives the bits of v > 0 ? v : 0, NaN, −0 and denormals included', () => {
    const want = make(z.length);
    for (let i = start; i < z.length; i++) want[i] = z[i]! > 0 ? z[i]! : 0;
    const got = make(z.length);
    fwd(z, got, start);
    expect(bits(got)).toEqual(bits(want));
  });

  it('backward gives the bits of z > 0 ? dA : 0', () => {
    const want = make(z.length);
    for (let i = start; i < z.length; i++) want[i] = z[i]! > 0 ? dA[i]! : 0;
    const got = make(z.length);
    bwd(z, dA, got, start);
    expect(bits(got)).toEqual(bits(want));
  });

  it('works on views with an offset, leaving what lies before `start` alone', () => {
    const buffer = make(z.length + 5).fill(7);
    const view = buffer.subarray(5);
    fwd(z, view, start);
    expect(Array.from(buffer.subarray(0, 5 + start))).toEqual(Array(5 + start).fill(7));
    expect(view[start]).toBe(z[start]! > 0 ? z[start] : 0);
  });
});

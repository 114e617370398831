import { describe, expect, it } from 'vitest';
import { reluBackward32, reluForward32 } from '../src/cpu/relu-float32.js';

/** Every class of float32: ±0, ±denormals, ±normals, ±∞, NaNs of both signs, and random values. */
function values(): Float32Array {
  const special = [0, -0, 1e-45, -1e-45, 1.2e-38, -1.2e-38, 1, -1, 3.4e38, -3.4e38];
  const out = new Float32Array(special.length + 4 + 200);
  out.set(special);
  const bits = new Int32Array(out.buffer);
  bits[special.length] = 0x7f800000; // +∞
  bits[special.length + 1] = 0xff800000 | 0; // −∞
  bits[special.length + 2] = 0x7fc00001; // NaN
  bits[special.length + 3] = 0xffc00000 | 0; // −NaN
  let s = 12345;
  for (let i = special.length + 4; i < out.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 10;
  }
  return out;
}

const bytes = (a: Float32Array) => Array.from(new Uint8Array(a.buffer));

describe('float32 ReLU on the bits', () => {
  const z = values();
  const dA = values().reverse();
  const start = 3;

  it('forward gives the bits of v > 0 ? v : 0, NaN, −0 and denormals included', () => {
    const want = new Float32Array(z.length);
    for (let i = start; i < z.length; i++) want[i] = z[i]! > 0 ? z[i]! : 0;
    const got = new Float32Array(z.length);
    reluForward32(z, got, start);
    expect(bytes(got)).toEqual(bytes(want));
  });

  it('backward gives the bits of z > 0 ? dA : 0', () => {
    const want = new Float32Array(z.length);
    for (let i = start; i < z.length; i++) want[i] = z[i]! > 0 ? dA[i]! : 0;
    const got = new Float32Array(z.length);
    reluBackward32(z, dA, got, start);
    expect(bytes(got)).toEqual(bytes(want));
  });

  it('works on views with an offset, leaving what lies before `start` alone', () => {
    const buffer = new Float32Array(z.length + 5).fill(7);
    const view = buffer.subarray(5);
    reluForward32(z, view, start);
    expect(Array.from(buffer.subarray(0, 5 + start))).toEqual(Array(5 + start).fill(7));
    expect(view[start]).toBe(z[start]! > 0 ? z[start] : 0);
  });
});

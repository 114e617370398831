/**
 * ReLU and its gradient on the bits, without a branch. `v > 0 ? v : 0` branches on
 * the sign of every element, and on fresh data half of those branches are mispredicted: 7 ns an
 * element, four times the cost of the masked form below (MNIST's 129×64 hidden layer: 60 µs
 * against 15 µs; float64 58 µs against 26 µs). The results are the same bits as the ternary's,
 * NaN, −0 and denormals included: a float is > 0 exactly when its bits, read as an unsigned
 * integer, lie in [1, bits of +∞] (+denormal … +∞; a NaN's bits lie above, a negative float's
 * have the top bit set). The mask is all ones then, else zero, and v & mask is v or +0.
 */

function int32s(a: Float32Array | Float64Array): Int32Array {
  // A float64 is two int32 words here, low word first (typed arrays are little-endian on every
  // platform Node and the browsers run on).
  return new Int32Array(a.buffer, a.byteOffset, a.length * (a.BYTES_PER_ELEMENT / 4));
}

/** Whether the float32 with bits `b` is > 0: b in [1, 0x7f800000], one unsigned comparison. 1 or 0. */
function positive32(b: number): number {
  return +((b - 1) >>> 0 < 0x7f800000);
}

/** float32: out = relu(z) from element `start` on. */
export function reluForward32(z: Float32Array, out: Float32Array, start: number): void {
  const zb = int32s(z);
  const ob = int32s(out);
  const n = zb.length;
  for (let i = start; i < n; i++) {
    const b = zb[i]!;
    ob[i] = b & -positive32(b);
  }
}

/** float32: out = dA where z > 0, else +0, from element `start` on. */
export function reluBackward32(
  z: Float32Array,
  dA: Float32Array,
  out: Float32Array,
  start: number,
): void {
  const zb = int32s(z);
  const db = int32s(dA);
  const ob = int32s(out);
  const n = zb.length;
  for (let i = start; i < n; i++) ob[i] = db[i]! & -positive32(zb[i]!);
}

/**
 * Whether the float64 with words (lo, hi) is > 0: its 64 bits, unsigned, are not zero and at
 * most 0x7ff00000_00000000 (hi below 0x7ff00000, or equal to it with lo zero). 1 or 0.
 */
function positive64(lo: number, hi: number): number {
  const h = hi >>> 0;
  return +((h | lo) !== 0) & (+(h < 0x7ff00000) | (+(h === 0x7ff00000) & +(lo === 0)));
}

/** float64: out = relu(z) from element `start` on. */
export function reluForward64(z: Float64Array, out: Float64Array, start: number): void {
  const zw = int32s(z);
  const ow = int32s(out);
  const n = z.length;
  for (let i = start, w = 2 * start; i < n; i++, w += 2) {
    const lo = zw[w]!;
    const hi = zw[w + 1]!;
    const mask = -positive64(lo, hi);
    ow[w] = lo & mask;
    ow[w + 1] = hi & mask;
  }
}

/** float64: out = dA where z > 0, else +0, from element `start` on. */
export function reluBackward64(
  z: Float64Array,
  dA: Float64Array,
  out: Float64Array,
  start: number,
): void {
  const zw = int32s(z);
  const dw = int32s(dA);
  const ow = int32s(out);
  const n = z.length;
  for (let i = start, w = 2 * start; i < n; i++, w += 2) {
    const mask = -positive64(zw[w]!, zw[w + 1]!);
    ow[w] = dw[w]! & mask;
    ow[w + 1] = dw[w + 1]! & mask;
  }
}

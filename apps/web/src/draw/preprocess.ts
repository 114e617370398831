/**
 * MNIST's preprocessing of a drawn digit (LeCun et al.: "normalized to fit in a 20x20 pixel box
 * while preserving their aspect ratio … centered in a 28x28 image by computing the center of
 * mass of the pixels"), as a pure function of the ink on a canvas.
 */

/** The side of an MNIST image, and of the box the digit is scaled into. */
export const SIDE = 28;
export const BOX = 20;
/**
 * Where MNIST's digits have their centre of mass: pixel (14, 14) counted from 0, whose centre is
 * at 14.5 in the coordinates of `centreOfMass` (measured on MNIST's own test digits).
 */
export const CENTRE = SIDE / 2 + 0.5;

/** Ink coverage per pixel, row-major, 0 (none) … 1 (full): e.g. a canvas's alpha / 255. */
export interface Ink {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** The smallest rectangle [x0, x1) × [y0, y1) holding every pixel with ink, or undefined. */
export function boundingBox(
  ink: Ink,
): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let x0 = ink.width;
  let y0 = ink.height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < ink.height; y++) {
    for (let x = 0; x < ink.width; x++) {
      if (ink.data[y * ink.width + x]! > 0) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x + 1);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y + 1);
      }
    }
  }
  return x1 === 0 ? undefined : { x0, y0, x1, y1 };
}

/**
 * The source rectangle [x0, x0 + w) × [y0, y0 + h) resampled to outW × outH pixels by area
 * averaging: each output pixel is the mean ink over the part of the source it covers (an exact
 * box filter: antialiased when shrinking, blocky but exact when enlarging).
 */
export function resampleArea(
  ink: Ink,
  box: { x0: number; y0: number; w: number; h: number },
  outW: number,
  outH: number,
): Float64Array {
  const out = new Float64Array(outW * outH);
  const sx = box.w / outW;
  const sy = box.h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const top = box.y0 + oy * sy;
    const bottom = top + sy;
    for (let ox = 0; ox < outW; ox++) {
      const left = box.x0 + ox * sx;
      const right = left + sx;
      let sum = 0;
      for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
        const dy = Math.min(bottom, y + 1) - Math.max(top, y);
        for (let x = Math.floor(left); x < Math.ceil(right); x++) {
          const dx = Math.min(right, x + 1) - Math.max(left, x);
          const inside = x >= 0 && y >= 0 && x < ink.width && y < ink.height;
          if (inside) sum += dx * dy * ink.data[y * ink.width + x]!;
        }
      }
      out[oy * outW + ox] = sum / (sx * sy);
    }
  }
  return out;
}

/** The centre of mass (x, y) of a w×h image, with pixel i's centre at i + 0.5. */
export function centreOfMass(image: ArrayLike<number>, w: number, h: number): [number, number] {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = image[y * w + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass === 0 ? [w / 2, h / 2] : [mx / mass, my / mass];
}

/**
 * The 28×28 MNIST image (bytes 0…255, ink high) of a drawing, or undefined when nothing is drawn:
 * 1. the bounding box of the ink, scaled (area-averaged, so antialiased) so that its longer side
 *    is 20 pixels, keeping the aspect ratio;
 * 2. placed in a 28×28 field so that its centre of mass lies at pixel (14, 14), as in MNIST,
 *    moved by whole pixels (no second blur) and kept inside the field;
 * 3. quantised to bytes, as MNIST's files hold them.
 */
export function preprocessDigit(ink: Ink): Uint8Array | undefined {
  const bounds = boundingBox(ink);
  if (bounds === undefined) return undefined;
  const w = bounds.x1 - bounds.x0;
  const h = bounds.y1 - bounds.y0;
  const scale = BOX / Math.max(w, h);
  const outW = Math.max(1, Math.round(w * scale));
  const outH = Math.max(1, Math.round(h * scale));
  // The source rectangle that maps onto exactly outW × outH pixels, centred on the box.
  const srcW = outW / scale;
  const srcH = outH / scale;
  const digit = resampleArea(
    ink,
    { x0: bounds.x0 + (w - srcW) / 2, y0: bounds.y0 + (h - srcH) / 2, w: srcW, h: srcH },
    outW,
    outH,
  );
  const [cx, cy] = centreOfMass(digit, outW, outH);
  const left = clamp(Math.round(CENTRE - cx), 0, SIDE - outW);
  const top = clamp(Math.round(CENTRE - cy), 0, SIDE - outH);
  const out = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const v = digit[y * outW + x]!;
      out[(top + y) * SIDE + left + x] = Math.round(255 * clamp(v, 0, 1));
    }
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

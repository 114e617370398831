import { ParseError } from '../errors.js';

/** MNIST's images are 28 × 28 pixels; every consumer (784-input networks) relies on it. */
export const MNIST_ROWS = 28;
export const MNIST_COLS = 28;

/**
 * Checks the dimensions of one split's IDX arrays against what MNIST is: at least one image,
 * each 28 × 28, and one label per image. Other sizes would be read as misaligned 784-byte
 * images, so they are refused naming the file and what it holds.
 */
export function checkMnistDims(
  images: { path: string; dims: readonly number[] },
  labels: { path: string; dims: readonly number[] },
): void {
  const [count, rows, cols] = images.dims as [number, number, number];
  if (rows !== MNIST_ROWS || cols !== MNIST_COLS) {
    throw new ParseError(
      `MNIST: ${images.path} holds ${rows}×${cols} images (dimensions [${images.dims.join(', ')}] at byte offset 4), expected ${MNIST_ROWS}×${MNIST_COLS}`,
    );
  }
  if (count === 0) {
    throw new ParseError(
      `MNIST: ${images.path} holds 0 images (dimension 0 at byte offset 4); a split needs at least one`,
    );
  }
  if (labels.dims[0] !== count) {
    throw new ParseError(
      `MNIST: ${images.path} holds ${count} images but ${labels.path} holds ${labels.dims[0]} labels`,
    );
  }
}

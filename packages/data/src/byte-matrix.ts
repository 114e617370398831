import { checkDims, ValueError } from '@mfnet/tensor';

/**
 * A row-major m×n matrix of small non-negative integers held as bytes, standing for the values
 * `data[i] / divisor` (e.g. MNIST's pixels, 0…255, with divisor 255 for [0, 1]). The DataLoader
 * keeps it as it is, one byte per value and not copied, and divides as it gathers each batch:
 * the same IEEE division as dividing the whole matrix first, at an eighth of float64's memory.
 */
export interface ByteMatrix {
  data: Uint8Array;
  shape: readonly [number, number];
  /** Each byte stands for `byte / divisor` (a finite number ≠ 0; 1 keeps the bytes' values). */
  divisor: number;
}

/** Whether `input` is a ByteMatrix (a Uint8Array with a `divisor`). */
export function isByteMatrix(input: unknown): input is ByteMatrix {
  return (
    input !== null &&
    typeof input === 'object' &&
    'divisor' in input &&
    (input as { data?: unknown }).data instanceof Uint8Array
  );
}

/** `input` checked: shape [rows, cols] matching the bytes, a finite non-zero divisor. */
export function checkByteMatrix(op: string, what: string, input: ByteMatrix): ByteMatrix {
  const { shape, divisor, data } = input;
  if (!Array.isArray(shape) || shape.length !== 2) {
    throw new ValueError(`${op}: ${what}.shape must be [rows, cols], got ${JSON.stringify(shape)}`);
  }
  const [rows, cols] = shape as [number, number];
  checkDims(`${op}: ${what}`, rows, cols);
  if (data.length !== rows * cols) {
    throw new ValueError(
      `${op}: ${what} has shape [${rows}×${cols}], which needs ${rows * cols} bytes; the data has ${data.length}`,
    );
  }
  if (typeof divisor !== 'number' || !Number.isFinite(divisor) || divisor === 0) {
    throw new ValueError(
      `${op}: ${what}.divisor must be a finite number ≠ 0, got ${String(divisor)}`,
    );
  }
  return { data, shape: [rows, cols], divisor };
}

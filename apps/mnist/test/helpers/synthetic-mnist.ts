import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** IDX bytes (unsigned byte elements, big-endian sizes) with the given dims and data. */
export function idxBytes(dims: readonly number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d);
  });
  out.set(data, header);
  return out;
}

/**
 * Writes the four MNIST files into `dir`: `train` and `test` images of `rows`×`cols` pixels
 * (seeded pseudo-random bytes) with labels 0…9. Small sets make in-process runs fast; other
 * sizes make hostile files.
 */
export function writeSyntheticMnist(
  dir: string,
  options: { train: number; test: number; rows?: number; cols?: number },
): string {
  const rows = options.rows ?? 28;
  const cols = options.cols ?? 28;
  mkdirSync(dir, { recursive: true });
  let state = 12345;
  const byte = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  };
  const split = (count: number, images: string, labels: string) => {
    const pixels = Uint8Array.from({ length: count * rows * cols }, byte);
    writeFileSync(join(dir, images), idxBytes([count, rows, cols], pixels));
    writeFileSync(
      join(dir, labels),
      idxBytes(
        [count],
        Uint8Array.from({ length: count }, (_, i) => i % 10),
      ),
    );
  };
  split(options.train, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
  split(options.test, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte');
  return dir;
}

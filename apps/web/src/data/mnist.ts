import { type ByteMatrix, type HostMatrix, oneHotMatrix, ParseError, readIdx } from '@mfnet/data';
import { contentLength, fetchGzip } from './fetch-gzip.js';

export const PIXELS = 784;
export const CLASSES = 10;

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** MNIST as the training loop takes it: pixel bytes standing for [0, 1], one-hot labels. */
export interface MnistData {
  trainX: ByteMatrix;
  trainY: HostMatrix;
  trainLabels: Uint8Array;
  testX: ByteMatrix;
  testLabels: Uint8Array;
}

/**
 * Fetches the four gzip IDX files served with the app (`base`mnist/<name>.gzip), decompresses them
 * with DecompressionStream and parses them with @mfnet/data's browser-safe `readIdx`.
 * `onProgress` gets the compressed bytes received of all four, and their total.
 */
export async function loadMnist(
  base: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<MnistData> {
  const urls = Object.values(FILES).map((name) => new URL(`mnist/${name}.gzip`, base).href);
  const sizes = await Promise.all(urls.map(contentLength));
  const total = sizes.reduce((a, b) => a + b, 0);
  const received = urls.map(() => 0);
  const report = () =>
    onProgress(
      received.reduce((a, b) => a + b, 0),
      total,
    );
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    urls.map(async (url, i) => {
      const bytes = await fetchGzip(url, (n) => {
        received[i] = n;
        report();
      });
      return readIdx(bytes, { source: url, ndim: i % 2 === 0 ? 3 : 1 });
    }),
  );
  const train = images(trainImages!, trainLabels!, urls[0]!);
  const test = images(testImages!, testLabels!, urls[2]!);
  return {
    trainX: train.x,
    trainY: oneHotMatrix(train.labels, CLASSES),
    trainLabels: train.labels,
    testX: test.x,
    testLabels: test.labels,
  };
}

function images(
  pixels: { dims: number[]; data: Uint8Array },
  labels: { dims: number[]; data: Uint8Array },
  source: string,
): { x: ByteMatrix; labels: Uint8Array } {
  const [count, rows, cols] = pixels.dims as [number, number, number];
  if (rows * cols !== PIXELS || labels.dims[0] !== count) {
    throw new ParseError(
      `${source}: expected ${count} images of 28×28 and as many labels, found images ` +
        `[${pixels.dims.join('×')}] and labels [${labels.dims.join('×')}]`,
    );
  }
  return { x: { data: pixels.data, shape: [count, PIXELS], divisor: 255 }, labels: labels.data };
}

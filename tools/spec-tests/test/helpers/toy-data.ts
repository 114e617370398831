import { Rng } from '@mfnet/tensor';

/** An m×n design matrix and an m×k target matrix, row-major, as the DataLoader takes them. */
export interface ToyDataset {
  X: { data: Float64Array; shape: [number, number] };
  Y: { data: Float64Array; shape: [number, number] };
}

/** y = 2·x1 − 3·x2 + 1 + noise, x ~ N(0, 1), noise ~ N(0, σ²). */
export function linearRegressionData(samples: number, noise: number, seed: number): ToyDataset {
  const rng = new Rng(seed);
  const X = new Float64Array(samples * 2);
  const Y = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const x1 = rng.normal();
    const x2 = rng.normal();
    X[2 * i] = x1;
    X[2 * i + 1] = x2;
    Y[i] = 2 * x1 - 3 * x2 + 1 + noise * rng.normal();
  }
  return { X: { data: X, shape: [samples, 2] }, Y: { data: Y, shape: [samples, 1] } };
}

/** Three Gaussian blobs in the plane (std `spread`), one class each; Y one-hot, labels kept. */
export function blobsData(
  perClass: number,
  spread: number,
  seed: number,
): ToyDataset & { labels: Int32Array } {
  const centers = [
    [0, 2],
    [-1.7, -1],
    [1.7, -1],
  ] as const;
  const rng = new Rng(seed);
  const samples = 3 * perClass;
  const X = new Float64Array(samples * 2);
  const Y = new Float64Array(samples * 3);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const c = i % 3;
    const [cx, cy] = centers[c]!;
    X[2 * i] = cx + spread * rng.normal();
    X[2 * i + 1] = cy + spread * rng.normal();
    Y[3 * i + c] = 1;
    labels[i] = c;
  }
  return {
    X: { data: X, shape: [samples, 2] },
    Y: { data: Y, shape: [samples, 3] },
    labels,
  };
}

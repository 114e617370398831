import { type Backend, type DType, randn } from '@mfnet/tensor';
import { timeMedian } from './stats.js';

export interface MatmulResult {
  backend: string;
  dtype: DType;
  n: number;
  seconds: number;
  gflops: number;
}

/** GFLOP/s of an n×n by n×n product (2n³ flops), written into a preallocated output. */
export function benchMatmul(
  backend: Backend,
  dtype: DType,
  n: number,
  options?: { runs?: number; warmup?: number; minSampleMs?: number },
): MatmulResult {
  const a = randn(n, n, { backend, dtype, seed: 1 });
  const b = randn(n, n, { backend, dtype, seed: 2 });
  const out = backend.zeros(n, n, dtype);
  const seconds = timeMedian(() => backend.matmul(a, b, {}, out), options);
  return { backend: backend.name, dtype, n, seconds, gflops: (2 * n ** 3) / seconds / 1e9 };
}

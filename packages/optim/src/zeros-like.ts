import type { Tensor } from '@mfnet/tensor';

/** A zero tensor of `t`'s shape, dtype and backend: optimizer state, made once. */
export function zerosLike(t: Tensor): Tensor {
  return t.backend.zeros(t.rows, t.cols, t.dtype);
}

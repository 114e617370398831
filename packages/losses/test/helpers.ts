import { type Backend, type DType, Rng, type Tensor, tensor } from '@mfnet/tensor';

/** A tensor with a bias row of ones on top of `rows`×`cols` normal draws. */
export function withBiasRow(
  rows: number,
  cols: number,
  rng: Rng,
  dtype: DType,
  backend?: Backend,
  scale = 1,
): Tensor {
  const data: number[][] = [new Array<number>(cols).fill(1)];
  for (let i = 0; i < rows; i++) {
    data.push(Array.from({ length: cols }, () => scale * rng.normal()));
  }
  return tensor(data, backend === undefined ? { dtype } : { dtype, backend });
}

/** Targets with a bias row on top and, per column, a random distribution over `classes`. */
export function distributionTargets(
  classes: number,
  cols: number,
  rng: Rng,
  dtype: DType,
  oneHot: boolean,
  backend?: Backend,
): Tensor {
  const data: number[][] = [new Array<number>(cols).fill(1)];
  for (let i = 0; i < classes; i++) data.push(new Array<number>(cols).fill(0));
  for (let j = 0; j < cols; j++) {
    if (oneHot) {
      data[1 + Math.floor(rng.uniform() * classes)]![j] = 1;
      continue;
    }
    const w = Array.from({ length: classes }, () => rng.uniform() + 0.05);
    const total = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < classes; i++) data[1 + i]![j] = w[i]! / total;
  }
  return tensor(data, backend === undefined ? { dtype } : { dtype, backend });
}

/** A copy of `t` on the same backend (a loss's grad() is scratch that the next forward reuses). */
export function clone(t: Tensor): Tensor {
  return t.backend.copy(t, t.backend.zeros(t.rows, t.cols, t.dtype));
}

export function newRng(seed: number): Rng {
  return new Rng(seed);
}

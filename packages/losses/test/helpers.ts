import { type Backend, type DType, Rng, Tensor, tensor } from '@mfnet/tensor';

export const DTYPES: readonly DType[] = ['float64', 'float32'];

/**
 * A backend that counts the tensors it creates: any tensor returned by one of its methods that
 * was not passed in and was not seen before. Wraps `inner` in a Proxy, so tensors made through
 * it belong to the proxy and every later operation on them is counted too.
 */
export function countingBackend(inner: Backend): { backend: Backend; created: () => number } {
  const seen = new WeakSet<Tensor>();
  let created = 0;
  const backend: Backend = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return function (this: unknown, ...args: unknown[]) {
        const result: unknown = value.apply(this, args);
        if (result instanceof Tensor && !args.includes(result) && !seen.has(result)) {
          seen.add(result);
          created++;
        }
        return result;
      };
    },
  });
  return { backend, created: () => created };
}

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

export function maxAbsDiff(a: readonly (readonly number[])[], b: readonly (readonly number[])[]) {
  let worst = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - b[i]![j]!));
    });
  });
  return worst;
}

export function newRng(seed: number): Rng {
  return new Rng(seed);
}

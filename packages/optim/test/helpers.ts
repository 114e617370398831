import { type Backend, type DType, type Parameter, Rng, Tensor, tensor } from '@mfnet/tensor';

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

export interface ParamSpec {
  name?: string;
  value: number[][];
  grad?: number[][];
  fixedRow0?: boolean;
  dtype?: DType;
  backend?: Backend;
}

/** A Parameter built directly from nested arrays (grad zero unless given). */
export function param(spec: ParamSpec): Parameter {
  const options = {
    dtype: spec.dtype ?? 'float64',
    ...(spec.backend === undefined ? {} : { backend: spec.backend }),
  };
  const value = tensor(spec.value, options);
  const grad =
    spec.grad === undefined
      ? value.backend.zeros(value.rows, value.cols, value.dtype)
      : tensor(spec.grad, options);
  return { name: spec.name ?? 'w', value, grad, fixedRow0: spec.fixedRow0 ?? false };
}

/** rows×cols normal draws as nested arrays. */
export function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => scale * rng.normal()),
  );
}

/** An augmented weight: row 0 = [1, 0 … 0], the rest random. */
export function augmentedWeight(rng: Rng, rows: number, cols: number): number[][] {
  const w = randomMatrix(rng, rows, cols);
  w[0] = w[0]!.map((_, j) => (j === 0 ? 1 : 0));
  return w;
}

/** Writes nested arrays into an existing tensor. */
export function setTensor(t: Tensor, data: readonly (readonly number[])[]): void {
  t.backend.write(t, data.flat());
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

/** Rounds every element to float32, as a float32 tensor stores it. */
export function toF32(m: readonly (readonly number[])[]): number[][] {
  return m.map((row) => row.map((v) => Math.fround(v)));
}

import { type Backend, type DType, type Parameter, Rng, type Tensor, tensor } from '@mfnet/tensor';

export interface ParamSpec {
  name?: string;
  value: readonly (readonly number[])[];
  grad?: readonly (readonly number[])[];
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

export function newRng(seed: number): Rng {
  return new Rng(seed);
}

/** Rounds every element to float32, as a float32 tensor stores it. */
export function toF32(m: readonly (readonly number[])[]): number[][] {
  return m.map((row) => row.map((v) => Math.fround(v)));
}

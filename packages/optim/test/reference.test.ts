import type { DType, Parameter } from '@mfnet/tensor';
import { DTYPES } from '@mfnet/tensor';
import { describeOnBackends, maxAbsDiff } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Adam, SGD } from '../src/index.js';
import { newRng, param, randomMatrix, setTensor, toF32 } from './helpers.js';

type M = number[][];
const map2 = (a: M, f: (v: number, i: number, j: number) => number): M =>
  a.map((row, i) => row.map((v, j) => f(v, i, j)));

const STEPS = 6;
const ROWS = 3;
const COLS = 4;

/** A fixed sequence of gradients, and the weights they start from. */
function problem(seed: number) {
  const rng = newRng(seed);
  const w0 = randomMatrix(rng, ROWS, COLS);
  const grads = Array.from({ length: STEPS }, () => randomMatrix(rng, ROWS, COLS));
  return { w0, grads };
}

/** Runs `steps` optimizer steps, writing the i-th gradient before each, and returns W. */
function run(p: Parameter, step: () => void, grads: M[]): M {
  for (const g of grads) {
    setTensor(p.grad, g);
    step();
  }
  return p.value.toArray();
}

/** Textbook SGD with momentum and weight decay (PyTorch's definition), in float64. */
function referenceSgd(
  w0: M,
  grads: M[],
  o: { lr: number; momentum: number; weightDecay: number; nesterov: boolean },
): M {
  let w = w0.map((r) => r.slice());
  let v: M | undefined;
  for (const g of grads) {
    const d = map2(g, (x, i, j) => x + o.weightDecay * w[i]![j]!);
    if (o.momentum > 0) {
      v = v === undefined ? d : map2(v, (x, i, j) => o.momentum * x + d[i]![j]!);
      const vv = v;
      const step = o.nesterov ? map2(d, (x, i, j) => x + o.momentum * vv[i]![j]!) : vv;
      w = map2(w, (x, i, j) => x - o.lr * step[i]![j]!);
    } else {
      w = map2(w, (x, i, j) => x - o.lr * d[i]![j]!);
    }
  }
  return w;
}

/** Textbook Adam (Kingma & Ba, with L2 decay added to the gradient), in float64. */
function referenceAdam(
  w0: M,
  grads: M[],
  o: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number },
): M {
  let w = w0.map((r) => r.slice());
  let m = map2(w0, () => 0);
  let v = map2(w0, () => 0);
  grads.forEach((g0, k) => {
    const t = k + 1;
    const g = map2(g0, (x, i, j) => x + o.weightDecay * w[i]![j]!);
    m = map2(m, (x, i, j) => o.beta1 * x + (1 - o.beta1) * g[i]![j]!);
    v = map2(v, (x, i, j) => o.beta2 * x + (1 - o.beta2) * g[i]![j]! ** 2);
    const mHat = map2(m, (x) => x / (1 - o.beta1 ** t));
    const vHat = map2(v, (x) => x / (1 - o.beta2 ** t));
    w = map2(w, (x, i, j) => x - (o.lr * mHat[i]![j]!) / (Math.sqrt(vHat[i]![j]!) + o.eps));
  });
  return w;
}

/** Float64: agreement to rounding; float32: to float32 precision. */
function tolerance(dtype: DType): number {
  return dtype === 'float64' ? 4e-15 : 1e-5;
}

describeOnBackends(DTYPES, 'SGD against the update formulas, several steps (%s)', (dtype) => {
  it.each([
    { lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false },
    { lr: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false },
    { lr: 0.05, momentum: 0.8, weightDecay: 0.01, nesterov: false },
    { lr: 0.05, momentum: 0.9, weightDecay: 0.1, nesterov: true },
    { lr: 0.05, momentum: 0.5, weightDecay: 0, nesterov: true },
    { lr: 0.3, momentum: 0, weightDecay: 0.2, nesterov: false },
  ])('%o', (o) => {
    const { w0, grads } = problem(21);
    const start = dtype === 'float32' ? toF32(w0) : w0;
    const gs = dtype === 'float32' ? grads.map(toF32) : grads;
    const p = param({ value: start, dtype });
    const opt = new SGD([p], o);
    const got = run(p, () => opt.step(), gs);
    const expected = referenceSgd(start, gs, o);
    expect(maxAbsDiff(got, expected)).toBeLessThan(tolerance(dtype));
    // And the parameter did move: the test could fail.
    expect(maxAbsDiff(got, start)).toBeGreaterThan(0.01);
  });
});

describeOnBackends(DTYPES, 'Adam against the update formulas, several steps (%s)', (dtype) => {
  it.each([
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
    { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 },
    { lr: 0.01, beta1: 0.3, beta2: 0.5, eps: 1e-8, weightDecay: 0 },
    { lr: 0.02, beta1: 0, beta2: 0, eps: 1e-3, weightDecay: 0 },
  ])('%o', (o) => {
    const { w0, grads } = problem(33);
    const start = dtype === 'float32' ? toF32(w0) : w0;
    const gs = dtype === 'float32' ? grads.map(toF32) : grads;
    const p = param({ value: start, dtype });
    const opt = new Adam([p], {
      lr: o.lr,
      betas: [o.beta1, o.beta2],
      eps: o.eps,
      weightDecay: o.weightDecay,
    });
    const got = run(p, () => opt.step(), gs);
    const expected = referenceAdam(start, gs, o);
    expect(maxAbsDiff(got, expected)).toBeLessThan(tolerance(dtype));
    expect(maxAbsDiff(got, start)).toBeGreaterThan(o.lr);
  });
});

describe('Adam follows torch.optim.Adam operation for operation (float64)', () => {
  /** torch's _single_tensor_adam, written out in the same order of float64 operations. */
  function torchOrderAdam(w0: M, grads: M[], lr: number, b1: number, b2: number, eps: number) {
    const w = w0.map((r) => r.slice());
    const m = map2(w0, () => 0);
    const v = map2(w0, () => 0);
    grads.forEach((g, k) => {
      const t = k + 1;
      const bc1 = 1 - b1 ** t;
      const bc2 = 1 - b2 ** t;
      const stepSize = lr / bc1;
      const bc2Sqrt = Math.sqrt(bc2);
      for (let i = 0; i < w.length; i++) {
        for (let j = 0; j < w[i]!.length; j++) {
          const gi = g[i]![j]!;
          m[i]![j] = m[i]![j]! + (1 - b1) * (gi - m[i]![j]!); // lerp_, weight < 0.5
          v[i]![j] = v[i]![j]! * b2 + (1 - b2) * gi * gi; // mul_, addcmul_
          const denom = Math.sqrt(v[i]![j]!) / bc2Sqrt + eps;
          w[i]![j] = w[i]![j]! + (-stepSize * m[i]![j]!) / denom; // addcdiv_
        }
      }
    });
    return w;
  }

  it('is bit-for-bit equal to the torch-ordered reference over many steps', () => {
    const rng = newRng(44);
    const w0 = randomMatrix(rng, ROWS, COLS);
    const grads = Array.from({ length: 50 }, () => randomMatrix(rng, ROWS, COLS));
    const p = param({ value: w0 });
    const opt = new Adam([p], { lr: 0.01 });
    const got = run(p, () => opt.step(), grads);
    expect(got).toEqual(torchOrderAdam(w0, grads, 0.01, 0.9, 0.999, 1e-8));
  });
});

import { DTYPES } from '@mfnet/tensor';
import { describeOnBackends, maxAbsDiff } from '@mfnet/tensor/testing';
import { expect, it } from 'vitest';
import { clipGradNorm, NonFiniteGradientError, SGD } from '../src/index.js';
import { param } from './helpers.js';

describeOnBackends(DTYPES, 'gradient clipping (%s)', (dtype) => {
  const tol = dtype === 'float64' ? 1e-15 : 1e-6;

  it('SGD maxGradNorm clips each tensor separately, as the paper describes (Sec. 5.2)', () => {
    // ‖[3, 4]‖ = 5 > 2: scaled by 2/5 to [1.2, 1.6]. ‖[0.6, 0.8]‖ = 1 ≤ 2: unchanged.
    const big = param({ name: 'big', value: [[10, 10]], grad: [[3, 4]], dtype });
    const small = param({ name: 'small', value: [[10, 10]], grad: [[0.6, 0.8]], dtype });
    new SGD([big, small], { lr: 1, maxGradNorm: 2 }).step();
    expect(maxAbsDiff(big.grad.toArray(), [[1.2, 1.6]])).toBeLessThan(tol);
    expect(maxAbsDiff(big.value.toArray(), [[8.8, 8.4]])).toBeLessThan(tol * 10);
    expect(maxAbsDiff(small.grad.toArray(), [[0.6, 0.8]])).toBeLessThan(tol);
    expect(maxAbsDiff(small.value.toArray(), [[9.4, 9.2]])).toBeLessThan(tol * 10);
  });

  it('clipGradNorm clips the global norm as torch.nn.utils.clip_grad_norm_', () => {
    // Global norm √(3² + 4² + 12²) = 13; scale 6.5 / (13 + 1e-6).
    const a = param({ name: 'a', value: [[0, 0]], grad: [[3, 4]], dtype });
    const b = param({ name: 'b', value: [[0]], grad: [[12]], dtype });
    const total = clipGradNorm([a, b], 6.5);
    expect(total).toBe(13);
    const s = 6.5 / (13 + 1e-6);
    expect(maxAbsDiff(a.grad.toArray(), [[3 * s, 4 * s]])).toBeLessThan(tol * 10);
    expect(maxAbsDiff(b.grad.toArray(), [[12 * s]])).toBeLessThan(tol * 10);
    // The clipped global norm is maxNorm (to within the 1e-6 guard).
    const after = Math.hypot(3 * s, 4 * s, 12 * s);
    expect(Math.abs(clipGradNorm([a, b], 100) - after)).toBeLessThan(tol * 100);
  });

  it('clipGradNorm leaves gradients under the limit unchanged and still returns the norm', () => {
    const a = param({ value: [[0, 0]], grad: [[3, 4]], dtype });
    expect(clipGradNorm([a], 10)).toBe(5);
    expect(a.grad.toArray()).toEqual([[3, 4]]);
  });

  it('a NaN or infinite gradient is a NonFiniteGradientError naming the parameter, with no weight changed', () => {
    const ok = param({ name: 'layers.0.weight', value: [[1, 2]], grad: [[1, 1]], dtype });
    const bad = param({ name: 'layers.2.weight', value: [[1, 2]], dtype });
    bad.grad.backend.write(bad.grad, [Number.NaN, 1]);
    const opt = new SGD([ok, bad], { lr: 0.1, maxGradNorm: 1 });
    expect(() => opt.step()).toThrow(NonFiniteGradientError);
    expect(() => opt.step()).toThrow(/SGD\.step: .*'layers\.2\.weight' has norm NaN/);
    expect(ok.value.toArray()).toEqual([[1, 2]]);
    expect(opt.stepCount).toBe(0);
    bad.grad.backend.write(bad.grad, [Number.POSITIVE_INFINITY, 1]);
    expect(() => clipGradNorm([ok, bad], 1)).toThrow(
      /clipGradNorm: .*'layers\.2\.weight' has norm Infinity/,
    );
  });
});

it('clipGradNorm survives a total whose square overflows though each norm is finite', () => {
  // 1.2e154² ≈ 1.44e308 is finite, the sum of two of them is not.
  const a = param({ value: [[0]], grad: [[1.2e154]] });
  const b = param({ value: [[0]], grad: [[1.2e154]] });
  const total = clipGradNorm([a, b], 1);
  expect(total / (Math.SQRT2 * 1.2e154)).toBeCloseTo(1, 12);
  expect(Math.hypot(a.grad.toArray()[0]![0]!, b.grad.toArray()[0]![0]!)).toBeCloseTo(1, 6);
});

import { describe, expect, it } from 'vitest';
import { type CpuBackend, createCpuBackend, ShapeError, ValueError } from '../src/index.js';

/** CPU-specific refusals beyond the conformance suite: aliasing and non-finite parameters. */
describe('CpuBackend', () => {
  const b = createCpuBackend();
  const a = b.fromHost([1, 2, 3, 4, 5, 6], 2, 3);
  const sq = b.fromHost([1, 2, 3, 4], 2, 2);

  it('exposes its storage through data()', () => {
    expect((b.raw as CpuBackend).data(a)).toBeInstanceOf(Float64Array);
    expect(Array.from((b.raw as CpuBackend).data(a))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses out aliasing an operand where the op is not element-wise', () => {
    expect(() => b.matmul(sq, b.zeros(2, 2), {}, sq)).toThrow(/matmul: out must not be one of/);
    expect(() => b.softmaxCols(a, a)).toThrow(ValueError);
    expect(() => b.sliceRows(a, 0, 2, a)).toThrow(ValueError);
  });

  it.each([
    ['matmul alpha', () => b.matmul(sq, sq, { alpha: Number.NaN })],
    ['matmul beta', () => b.matmul(sq, sq, { beta: Number.POSITIVE_INFINITY }, b.zeros(2, 2))],
    ['activation param', () => b.activation('leaky_relu', a, undefined, Number.NaN)],
    ['activationGrad param', () => b.activationGrad('leaky_relu', a, a, undefined, Number.NaN)],
    ['affine alpha', () => b.affine(a, Number.NaN)],
    ['axpby beta', () => b.axpby(1, a, Number.NaN, b.zeros(2, 3))],
    ['fill value', () => b.fill(a, Number.NaN)],
    ['clip lo > hi', () => b.clip(a, 2, 1)],
  ])('refuses a non-finite or inconsistent parameter: %s', (what, call) => {
    expect(call, what).toThrow(ValueError);
  });

  it('refuses an unknown activation kind by name', () => {
    expect(() => b.activation('softplus' as never, a)).toThrow(/unknown kind "softplus"/);
  });

  it('refuses a row range that is not inside the tensor', () => {
    expect(() => b.fill(a, 1, 1, 0)).toThrow(ShapeError);
    expect(() => b.sliceRows(a, 0.5, 1)).toThrow(ShapeError);
  });
});

describe('CPU norm at the edges of float64', () => {
  const backend = createCpuBackend();
  it('stays finite for huge and exact for tiny elements', () => {
    const big = backend.fromHost([3e200, 4e200], 1, 2);
    expect(backend.norm(big)).toBeCloseTo(5e200, -190);
    expect(Number.isFinite(backend.norm(big))).toBe(true);
    const tiny = backend.fromHost([3e-200, 4e-200], 1, 2);
    expect(backend.norm(tiny) / 5e-200).toBeCloseTo(1, 12);
    expect(backend.norm(backend.fromHost([Number.NaN, 1], 1, 2))).toBeNaN();
    expect(backend.norm(backend.zeros(2, 2))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  BackendError,
  type BackendKernels,
  CpuBackend,
  checkedBackend,
  createCpuBackend,
  DTypeError,
  ShapeError,
  tensor,
  ValueError,
} from '../src/index.js';
import { gpujsUnderTest } from '../src/testing/index.js';

/**
 * The door's refusals beyond the conformance suite (aliasing, non-finite parameters), here in
 * front of the CPU kernels, which check none of them themselves.
 */
describe('the door (CheckedBackend), on the CPU kernels', () => {
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

describe('the door: norm at the edges of float64 and float32 (one overflow-safe fallback)', () => {
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

  it('rescales float32 tensors whose squares leave the float32 range', () => {
    const big = backend.fromHost([3e30, 4e30], 1, 2, 'float32');
    expect(backend.norm(big) / 5e30).toBeCloseTo(1, 6);
    const tiny = backend.fromHost([3e-30, 4e-30], 1, 2, 'float32');
    expect(backend.norm(tiny) / 5e-30).toBeCloseTo(1, 6);
    const subnormal = backend.fromHost([3e-310, 4e-310], 1, 2);
    expect(backend.norm(subnormal) / 5e-310).toBeCloseTo(1, 3);
    expect(backend.norm(backend.fromHost([1.5e308, 1.5e308], 1, 2))).toBe(
      Math.hypot(1.5e308, 1.5e308),
    );
  });
});

describe('the door: default dtypes', () => {
  it('makes tensors in the backend default dtype, and refuses one it cannot store', async () => {
    const cpu = createCpuBackend();
    expect(cpu.defaultDType).toBe('float64');
    expect(cpu.zeros(1, 1).dtype).toBe('float64');
    expect(tensor([[1]], { backend: cpu }).dtype).toBe('float64');
    const gpujs = await gpujsUnderTest();
    if (gpujs === undefined) return; // said by gpujsUnderTest's warning
    expect(gpujs.defaultDType).toBe('float32');
    expect(gpujs.zeros(2, 2).dtype).toBe('float32');
    expect(tensor([[1, 2]], { backend: gpujs }).dtype).toBe('float32');
    expect(() => gpujs.zeros(2, 2, 'float64')).toThrow(DTypeError);
    expect(() => gpujs.zeros(2, 2, 'float64')).toThrow(
      /gpujs backend stores float32 only, not float64/,
    );
  });

  it('refuses, naming them, kernels that lack a required method', () => {
    // A backend of the old kind: the whole Backend itself (zeros in place of allocate).
    const {
      allocate: _allocate,
      softmaxCols: _softmax,
      ...rest
    } = Object.fromEntries(
      Object.entries(Object.getOwnPropertyDescriptors(CpuBackend.prototype)).map(([k]) => [
        k,
        () => undefined,
      ]),
    );
    const old = { ...rest, name: 'old', dtypes: ['float64'], defaultDType: 'float64', zeros() {} };
    expect(() => checkedBackend(old as unknown as BackendKernels)).toThrow(BackendError);
    expect(() => checkedBackend(old as unknown as BackendKernels)).toThrow(
      /backend 'old' does not implement BackendKernels.*missing allocate, softmaxCols/,
    );
  });
});

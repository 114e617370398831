import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Backend,
  BackendError,
  CpuBackend,
  checkedBackend,
  createBackend,
  createCpuBackend,
  getBackend,
  isCheckedBackend,
  listBackends,
  registerBackend,
  ShapeError,
  setBackend,
  tensor,
} from '../src/index.js';

let previous: Backend;
beforeEach(() => {
  previous = getBackend();
});
afterEach(() => {
  setBackend(previous);
});

describe('the backend registry', () => {
  it('starts with the CPU backend', () => {
    expect(getBackend().raw).toBeInstanceOf(CpuBackend);
    expect(getBackend().defaultDType).toBe('float64');
    expect(listBackends()).toContain('cpu');
  });

  it('setBackend by name makes a new backend current', () => {
    const made = setBackend('cpu');
    expect(made.raw).toBeInstanceOf(CpuBackend);
    expect(made).not.toBe(previous);
    expect(getBackend()).toBe(made);
    expect(tensor([[1]]).backend).toBe(made);
  });

  it('setBackend by instance makes exactly that instance current', () => {
    const mine = createCpuBackend();
    expect(setBackend(mine)).toBe(mine);
    expect(getBackend()).toBe(mine);
  });

  it('setBackend with raw kernels puts them behind the door, one door per kernels object', () => {
    const kernels = new CpuBackend();
    const door = setBackend(kernels);
    expect(isCheckedBackend(door)).toBe(true);
    expect(door.raw).toBe(kernels);
    expect(setBackend(kernels)).toBe(door);
    expect(checkedBackend(kernels)).toBe(door);
    expect(() => door.binary('add', door.zeros(1, 2), door.zeros(2, 1))).toThrow(ShapeError);
  });

  it('registerBackend adds a factory that setBackend and createBackend call with options', () => {
    const calls: unknown[] = [];
    registerBackend('test-double', (options) => {
      calls.push(options);
      return new CpuBackend();
    });
    expect(listBackends()).toContain('test-double');
    const b = setBackend('test-double', { flavour: 'x' });
    expect(getBackend()).toBe(b);
    createBackend('test-double');
    expect(calls).toEqual([{ flavour: 'x' }, undefined]);
  });

  it('an unknown name is a BackendError listing the registered ones', () => {
    expect(() => setBackend('tpu')).toThrow(BackendError);
    expect(() => setBackend('tpu')).toThrow(/unknown backend 'tpu'.*'cpu'/);
    expect(() => createBackend('gpujs')).toThrow(/import '@mfnet\/tensor\/gpujs'/);
    expect(getBackend()).toBe(previous);
  });

  it('registerBackend refuses an empty name or a non-function', () => {
    expect(() => registerBackend('', () => new CpuBackend())).toThrow(BackendError);
    expect(() => registerBackend('x', 42 as never)).toThrow(/factory must be a function/);
  });

  it('mixing tensors of two backends is a BackendError naming the op', () => {
    const a = tensor([[1, 2]], { backend: createCpuBackend() });
    const other = createCpuBackend();
    const b = tensor([[3, 4]], { backend: other });
    expect(() => other.binary('add', a, b)).toThrow(BackendError);
    expect(() => other.binary('add', a, b)).toThrow(/add: a tensor of backend 'cpu' was given/);
    expect(() => other.matmul(b, a, { transB: true })).toThrow(BackendError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type DType,
  DTypeError,
  eye,
  full,
  MfnetError,
  ones,
  rand,
  randn,
  tensor,
  ValueError,
  zeros,
} from '../src/index.js';

/** Bad input to the creation functions: typed errors whose messages name the problem. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('did not throw');
}

describe('creation errors', () => {
  it('ragged nested arrays: ValueError naming the rows and lengths', () => {
    const e = thrown(() =>
      tensor([
        [1, 2, 3],
        [4, 5],
        [6, 7, 8],
      ]),
    );
    expect(e).toBeInstanceOf(ValueError);
    expect(e).toBeInstanceOf(MfnetError);
    expect(e.message).toMatch(/ragged/);
    expect(e.message).toMatch(/row 0 has 3 elements, row 1 has 2/);
  });

  it('a row that is not an array: ValueError naming the row', () => {
    const e = thrown(() => tensor([[1, 2], 3] as unknown as number[][]));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/row 1 is a number/);
  });

  it('a non-number element: ValueError naming its position', () => {
    const e = thrown(() =>
      tensor([
        [1, 2],
        [3, '4'],
      ] as unknown as number[][]),
    );
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/element \[1, 1\] is a string/);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('%s in nested data: ValueError naming the element and the value', (name, bad) => {
    const e = thrown(() =>
      tensor([
        [1, 2],
        [3, bad],
      ]),
    );
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toContain('element [1, 1]');
    expect(e.message).toContain(name);
  });

  it('NaN in a typed array with a shape: ValueError naming row and column', () => {
    const e = thrown(() =>
      tensor(new Float64Array([1, 2, 3, 4, Number.NaN, 6]), { shape: [2, 3] }),
    );
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toContain('element [1, 1] is NaN');
  });

  it('a typed array of the wrong length for its shape: ValueError with both counts', () => {
    const e = thrown(() => tensor(new Float32Array(5), { shape: [2, 3] }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/\[2×3\] needs 6 elements, the data has 5/);
  });

  it('a shape given with nested data: ValueError', () => {
    const e = thrown(() => tensor([[1, 2]], { shape: [1, 2] }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/shape/);
  });

  it('empty data: ValueError about the size', () => {
    expect(thrown(() => tensor([]))).toBeInstanceOf(ValueError);
    expect(thrown(() => tensor([[]]))).toBeInstanceOf(ValueError);
  });

  it('an unknown dtype: DTypeError naming it', () => {
    for (const fn of [
      () => tensor([[1]], { dtype: 'int8' as DType }),
      () => zeros(2, 2, { dtype: 'float16' as DType }),
      () => randn(2, 2, { dtype: 'bogus' as DType }),
    ]) {
      const e = thrown(fn);
      expect(e).toBeInstanceOf(DTypeError);
      expect(e.message).toMatch(/unknown dtype "(int8|float16|bogus)"/);
    }
  });

  it.each([
    [0, 3],
    [3, 0],
    [-2, 3],
    [2, -1],
    [1.5, 2],
    [2, 0.5],
    [Number.NaN, 2],
    [Number.POSITIVE_INFINITY, 2],
  ])('size [%s×%s]: ValueError naming the op and the shape', (rows, cols) => {
    for (const [op, fn] of [
      ['zeros', () => zeros(rows, cols)],
      ['full', () => full(rows, cols, 1)],
      ['ones', () => ones(rows, cols)],
      ['eye', () => eye(rows, cols)],
      ['randn', () => randn(rows, cols)],
      ['rand', () => rand(rows, cols)],
      ['tensor', () => tensor([1, 2, 3], { shape: [rows, cols] })],
    ] as const) {
      const e = thrown(fn);
      expect(e, op).toBeInstanceOf(ValueError);
      expect(e.message, op).toContain(`${op}: a shape needs positive integer sizes`);
      expect(e.message, op).toContain(`[${String(rows)}×${String(cols)}]`);
    }
  });

  it('non-finite parameters: ValueError naming the parameter', () => {
    expect(thrown(() => full(2, 2, Number.NaN)).message).toMatch(/full: value must be a finite/);
    expect(thrown(() => randn(2, 2, { std: Number.POSITIVE_INFINITY })).message).toMatch(
      /randn: std/,
    );
    expect(thrown(() => randn(2, 2, { seed: Number.NaN })).message).toMatch(/randn: seed/);
    expect(thrown(() => rand(2, 2, { low: 1, high: 1 })).message).toMatch(
      /rand: high \(1\) must be greater than low \(1\)/,
    );
  });
});

import {
  BackendError,
  createBackend,
  DTypeError,
  NotATensorError,
  type Tensor,
} from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { CELoss, MSELoss } from '../src/index.js';

const bad = (v: unknown) => v as Tensor;

describe.each([
  ['CELoss', () => new CELoss()],
  ['MSELoss', () => new MSELoss()],
])('%s input checks name the loss', (name, make) => {
  const b = createBackend('cpu');
  const yHat = b.fromHost([1, 0.2, 1, 0.8], 2, 2, 'float64');

  it('refuses a non-Tensor with a NotATensorError, not "Invalid value used as weak map key"', () => {
    expect(() => make().forward(bad([[1]]), bad([[1]]))).toThrow(NotATensorError);
    expect(() => make().forward(bad([[1]]), bad([[1]]))).toThrow(
      `${name}.forward: yHat must be a Tensor`,
    );
    expect(() => make().forward(yHat, bad(undefined))).toThrow(
      `${name}.forward: y must be a Tensor, got undefined`,
    );
  });

  it('names the loss, not the inner op, for mixed dtypes and backends', () => {
    const y32 = b.fromHost([1, 0, 1, 1], 2, 2, 'float32');
    expect(() => make().forward(yHat, y32)).toThrow(DTypeError);
    expect(() => make().forward(yHat, y32)).toThrow(
      new RegExp(`^${name}.forward: yHat is float64 but y is float32`),
    );
    const other = createBackend('cpu');
    const yOther = other.fromHost([1, 0, 1, 1], 2, 2, 'float64');
    expect(() => make().forward(yHat, yOther)).toThrow(BackendError);
    expect(() => make().forward(yHat, yOther)).toThrow(
      new RegExp(`^${name}.forward: yHat is on backend`),
    );
  });
});

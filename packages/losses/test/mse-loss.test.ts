import { DTYPES, gradcheck, ShapeError, tensor, ValueError } from '@mfnet/tensor';
import { APPENDIX_A, describeOnBackends, maxAbsDiff } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { MSELoss, NonFiniteLossError } from '../src/index.js';
import { clone, newRng, withBiasRow } from './helpers.js';

describe('MSELoss', () => {
  describeOnBackends(DTYPES, '%s', (dtype) => {
    it('reproduces the corrected Appendix A: J = 1 and ∂J/∂Ŷ = (2/m)(Ŷ − Y), Eq. 4.1–4.2', () => {
      const yHat = tensor(APPENDIX_A.Z3, { dtype });
      const y = tensor(APPENDIX_A.Ytilde, { dtype });
      const loss = new MSELoss();
      // By hand: Ŷ − Y = [1, −1, 1, −1] on row 1, Σ squares = 4, m = 4.
      expect(loss.forward(yHat, y)).toBe(APPENDIX_A.J);
      expect(loss.grad().toArray()).toEqual(APPENDIX_A.dYhat);
    });

    it('matches a direct computation on random data, with a zero gradient row 0', () => {
      const rng = newRng(7);
      const yHat = withBiasRow(3, 5, rng, dtype);
      const y = withBiasRow(3, 5, rng, dtype);
      const loss = new MSELoss();
      const j = loss.forward(yHat, y);
      const a = yHat.toArray();
      const b = y.toArray();
      let expected = 0;
      const expectedGrad = a.map((row, i) =>
        row.map((v, c) => {
          if (i === 0) return 0;
          const d = v - b[i]![c]!;
          expected += d * d;
          return (2 / 5) * d;
        }),
      );
      expected /= 5;
      const tol = dtype === 'float64' ? 1e-14 : 1e-6;
      expect(Math.abs(j - expected)).toBeLessThan(tol * Math.max(1, expected));
      expect(maxAbsDiff(loss.grad().toArray(), expectedGrad)).toBeLessThan(tol);
      expect(loss.grad().toArray()[0]).toEqual([0, 0, 0, 0, 0]);
    });

    it('passes a finite-difference gradcheck', () => {
      const rng = newRng(11);
      const yHat = withBiasRow(4, 6, rng, dtype);
      const y = withBiasRow(4, 6, rng, dtype);
      const loss = new MSELoss();
      loss.forward(yHat, y);
      const analytic = clone(loss.grad());
      const options =
        dtype === 'float64'
          ? { eps: 1e-6, atol: 1e-8, rtol: 1e-6 }
          : { eps: 1e-2, atol: 1e-3, rtol: 1e-2 };
      const result = gradcheck(() => loss.forward(yHat, y), [yHat], [analytic], options);
      expect(result.ok, JSON.stringify(result.worst)).toBe(true);
      expect(result.checked).toBe(5 * 6);
    });
  });

  it('refuses targets of another shape with a ShapeError naming both shapes', () => {
    const loss = new MSELoss();
    const yHat = tensor([
      [1, 1],
      [2, 3],
    ]);
    const y = tensor([
      [1, 1, 1],
      [2, 3, 4],
    ]);
    expect(() => loss.forward(yHat, y)).toThrow(ShapeError);
    expect(() => loss.forward(yHat, y)).toThrow(/MSELoss\.forward: .*\[2×2\].*\[2×3\]/);
  });

  it('refuses a prediction without room for the bias row', () => {
    const loss = new MSELoss();
    const yHat = tensor([[1, 2, 3]]);
    expect(() => loss.forward(yHat, yHat)).toThrow(/row 0 is the bias row/);
  });

  it('reports a NaN loss as a NonFiniteLossError carrying the step', () => {
    const loss = new MSELoss();
    const y = tensor([
      [1, 1],
      [0, 0],
    ]);
    const good = tensor([
      [1, 1],
      [1, 2],
    ]);
    const bad = good.backend.fromHost([1, 1, Number.NaN, 2], 2, 2);
    loss.forward(good, y);
    loss.forward(good, y);
    let error: unknown;
    try {
      loss.forward(bad, y);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toBeInstanceOf(ValueError);
    expect((error as NonFiniteLossError).step).toBe(2);
    expect(String(error)).toMatch(/MSELoss\.forward: the loss is NaN at step 2.*learning rate/);
    // A training loop can set its own step counter.
    loss.step = 1234;
    expect(() => loss.forward(bad, y)).toThrow(/at step 1234/);
    // The failed forward leaves no gradient behind.
    expect(() => loss.grad()).toThrow(/call forward/);
  });

  it('reports an infinite loss (overflowing squares) the same way', () => {
    const loss = new MSELoss();
    const yHat = tensor([
      [1, 1],
      [1e300, 0],
    ]);
    const y = tensor([
      [1, 1],
      [-1e300, 0],
    ]);
    expect(() => loss.forward(yHat, y)).toThrow(/loss is Infinity at step 0/);
  });

  it('refuses grad() before any forward', () => {
    expect(() => new MSELoss().grad()).toThrow(ValueError);
  });
});

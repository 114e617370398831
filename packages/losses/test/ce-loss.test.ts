import { DTYPES, gradcheck, ShapeError, tensor, ValueError } from '@mfnet/tensor';
import { describeOnBackends, maxAbsDiff } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { CELoss, NonFiniteLossError, TargetError } from '../src/index.js';
import { clone, distributionTargets, newRng, withBiasRow } from './helpers.js';

/** Softmax per column of rows 1…, on the host in float64: the reference for S. */
function hostSoftmax(logits: number[][]): number[][] {
  const z = logits.slice(1);
  const cols = z[0]!.length;
  const s = z.map((row) => row.slice());
  for (let j = 0; j < cols; j++) {
    const max = Math.max(...z.map((row) => row[j]!));
    let total = 0;
    for (const row of s) {
      row[j] = Math.exp(row[j]! - max);
      total += row[j]!;
    }
    for (const row of s) row[j] = row[j]! / total;
  }
  return s;
}

describe('CELoss', () => {
  describeOnBackends(DTYPES, '%s', (dtype) => {
    const tol = dtype === 'float64' ? 1e-14 : 1e-6;

    it('computes J = −(1/m) Σ Y log softmax(Z) (Eq. 4.3–4.4), ignoring row 0', () => {
      const rng = newRng(3);
      const yHat = withBiasRow(4, 5, rng, dtype);
      const y = distributionTargets(4, 5, rng, dtype, false);
      const s = hostSoftmax(yHat.toArray());
      const t = y.toArray().slice(1);
      let expected = 0;
      s.forEach((row, i) => {
        row.forEach((p, j) => {
          expected -= t[i]![j]! * Math.log(p);
        });
      });
      expected /= 5;
      const j = new CELoss().forward(yHat, y);
      expect(Math.abs(j - expected)).toBeLessThan(tol * 10 * Math.max(1, expected));
    });

    it('gives ∂J/∂Z = (S − Y)/m with a zero row 0, not the printed S − Y/m (spec-notes, slip 1)', () => {
      const rng = newRng(5);
      const m = 4;
      const yHat = withBiasRow(3, m, rng, dtype);
      const y = distributionTargets(3, m, rng, dtype, true);
      const loss = new CELoss();
      loss.forward(yHat, y);
      const grad = loss.grad().toArray();
      const s = hostSoftmax(yHat.toArray());
      const t = y.toArray().slice(1);
      const zeroRow = new Array<number>(m).fill(0);
      const corrected = [zeroRow, ...s.map((row, i) => row.map((p, j) => (p - t[i]![j]!) / m))];
      const printed = [zeroRow, ...s.map((row, i) => row.map((p, j) => p - t[i]![j]! / m))];
      expect(grad[0]).toEqual(zeroRow);
      expect(maxAbsDiff(grad, corrected)).toBeLessThan(tol);
      // The paper's printed form is far off: a test that it would fail.
      expect(maxAbsDiff(grad, printed)).toBeGreaterThan(0.05);
      // Each column of (S − Y)/m sums to 0, since S and Y both sum to 1.
      for (let j = 0; j < m; j++) {
        expect(Math.abs(grad.reduce((acc, row) => acc + row[j]!, 0))).toBeLessThan(tol);
      }
    });

    it.each([
      ['one-hot', true],
      ['soft', false],
    ])('passes a finite-difference gradcheck with %s targets', (_label, oneHot) => {
      const rng = newRng(oneHot ? 13 : 17);
      const yHat = withBiasRow(5, 6, rng, dtype, undefined, 2);
      const y = distributionTargets(5, 6, rng, dtype, oneHot);
      const loss = new CELoss();
      loss.forward(yHat, y);
      const analytic = clone(loss.grad());
      const options =
        dtype === 'float64'
          ? { eps: 1e-6, atol: 1e-8, rtol: 1e-6 }
          : { eps: 1e-2, atol: 2e-3, rtol: 2e-2 };
      const result = gradcheck(() => loss.forward(yHat, y), [yHat], [analytic], options);
      expect(result.ok, JSON.stringify(result.worst)).toBe(true);
      expect(result.checked).toBe(6 * 6);
    });

    it('stays finite for logits of ±1e4 (the column max is subtracted), loss and gradient', () => {
      const yHat = tensor(
        [
          [1, 1, 1],
          [1e4, -1e4, 0],
          [-1e4, 1e4, 1e4],
          [0, 0, -1e4],
        ],
        { dtype },
      );
      const y = tensor(
        [
          [1, 1, 1],
          [1, 1, 0],
          [0, 0, 0],
          [0, 0, 1],
        ],
        { dtype },
      );
      const loss = new CELoss();
      const j = loss.forward(yHat, y);
      // Column 0 is right (log 1 = 0); columns 1 and 2 put their target on a probability that
      // underflows to 0 and is clipped to the floor: 1e-100 (float64) or 2⁻¹²⁶ (float32).
      const floor = dtype === 'float64' ? 1e-100 : 2 ** -126;
      const expectedJ = (-2 * Math.log(floor)) / 3;
      expect(Math.abs(j - expectedJ)).toBeLessThan(tol * 10 * expectedJ);
      const grad = loss.grad().toArray();
      expect(grad.flat().every(Number.isFinite)).toBe(true);
      const third = 1 / 3;
      const expected = [
        [0, 0, 0],
        [0, -third, 0],
        [0, third, third],
        [0, 0, -third],
      ];
      expect(maxAbsDiff(grad, expected)).toBeLessThan(tol);
    });
  });

  it('refuses targets of another shape with a ShapeError naming both shapes', () => {
    const yHat = tensor([
      [1, 1],
      [0, 1],
      [1, 0],
    ]);
    const y = tensor([
      [1, 1],
      [1, 0],
    ]);
    expect(() => new CELoss().forward(yHat, y)).toThrow(ShapeError);
    expect(() => new CELoss().forward(yHat, y)).toThrow(/CELoss\.forward: .*\[3×2\].*\[2×2\]/);
  });

  it('refuses a negative target, naming its column, class row and value', () => {
    const yHat = tensor([
      [1, 1, 1],
      [0, 1, 2],
      [1, 0, 2],
    ]);
    const y = tensor([
      [1, 1, 1],
      [1, 1.5, 0],
      [0, -0.5, 1],
    ]);
    const run = () => new CELoss().forward(yHat, y);
    expect(run).toThrow(TargetError);
    expect(run).toThrow(ValueError);
    expect(run).toThrow(/column 1 .*row 2 of y holds -0\.5/);
  });

  it('refuses a target column that does not sum to 1, naming the first one and its sum', () => {
    const yHat = tensor([
      [1, 1, 1, 1],
      [0, 1, 2, 3],
      [1, 0, 2, 1],
    ]);
    const y = tensor([
      [1, 1, 1, 1],
      [1, 0.5, 0, 0.3],
      [0, 0.5, 0.9, 0.3],
    ]);
    const run = () => new CELoss().forward(yHat, y);
    expect(run).toThrow(TargetError);
    expect(run).toThrow(/column 2 .*sums to 0\.9/);
  });

  it('accepts a column that sums to 1 within the tolerance, and a custom tolerance', () => {
    const yHat = tensor([
      [1, 1],
      [0, 1],
      [1, 0],
    ]);
    const y = tensor([
      [1, 1],
      [0.5, 0.3],
      [0.5 + 5e-7, 0.7],
    ]);
    expect(Number.isFinite(new CELoss().forward(yHat, y))).toBe(true);
    expect(() => new CELoss({ targetTolerance: 1e-8 }).forward(yHat, y)).toThrow(
      /column 0 .*sums to 1\.0000005/,
    );
    expect(() => new CELoss({ targetTolerance: -1 })).toThrow(/targetTolerance/);
  });

  it('refuses NaN targets as a TargetError', () => {
    const b = tensor([[1]]).backend;
    const yHat = b.fromHost([1, 1, 0, 1, 1, 0], 3, 2);
    const y = b.fromHost([1, 1, 1, Number.NaN, 0, 1], 3, 2);
    expect(() => new CELoss().forward(yHat, y)).toThrow(/column 1 .*holds NaN/);
  });

  it('reports NaN logits as a NonFiniteLossError carrying the step', () => {
    const b = tensor([[1]]).backend;
    const yHat = b.fromHost([1, 1, 0, Number.NaN, 1, 0], 3, 2);
    const y = tensor([
      [1, 1],
      [1, 0],
      [0, 1],
    ]);
    const loss = new CELoss();
    loss.step = 99;
    let error: unknown;
    try {
      loss.forward(yHat, y);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as NonFiniteLossError).step).toBe(99);
    expect((error as NonFiniteLossError).loss).toBe('CELoss');
    expect(String(error)).toMatch(/CELoss\.forward: the loss is NaN at step 99/);
    expect(loss.step).toBe(100);
  });

  it('refuses a prediction that is only the bias row', () => {
    const row = tensor([[1, 1]]);
    expect(() => new CELoss().forward(row, row)).toThrow(/at least 2 rows/);
  });
});

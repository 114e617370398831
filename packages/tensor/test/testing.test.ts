import { describe, expect, it } from 'vitest';
import { createCpuBackend, tensor } from '../src/index.js';
import { APPENDIX_A, countingBackend, maxAbsDiff, type Rows } from '../src/testing/index.js';

describe('countingBackend', () => {
  it('counts each new tensor once, by the op that created it', () => {
    const counter = countingBackend(createCpuBackend());
    const b = counter.backend;
    const a = b.zeros(2, 3);
    const out = b.zeros(2, 3);
    expect(counter.created()).toBe(2);
    expect(counter.createdBy()).toEqual({ zeros: 2 });
    // With `out` nothing is new; without it the result is, and belongs to that op.
    b.affine(a, 2, 1, out);
    expect(counter.created()).toBe(2);
    const fresh = b.affine(a, 2);
    expect(counter.createdBy()).toEqual({ zeros: 2, affine: 1 });
    // The CPU backend makes every tensor through its private `make`: the cross-check agrees.
    expect(counter.made()).toBe(3);
    expect(counter.madeBy()).toEqual({ zeros: 2, affine: 1 });
    // An op that returns one of its arguments creates nothing.
    expect(b.fill(fresh, 0)).toBe(fresh);
    expect(counter.created()).toBe(3);
    expect(counter.calls()).toEqual({ zeros: 2, affine: 2, fill: 1 });
  });

  it('tensors made through it belong to the proxy, so later ops on them are counted too', () => {
    const counter = countingBackend(createCpuBackend());
    const t = tensor([[1, 2]], { backend: counter.backend });
    expect(t.backend).toBe(counter.backend);
    expect(t.toArray()).toEqual([[1, 2]]);
    expect(counter.reads()).toBe(1);
    expect(counter.readsBy()).toEqual({ read: 1 });
    t.backend.unary('square', t);
    expect(counter.calls().unary).toBe(1);
  });

  it('reset() zeroes the counters, and a tensor seen before is not counted again', () => {
    const counter = countingBackend(createCpuBackend());
    const b = counter.backend;
    const a = b.zeros(1, 2);
    b.read(a);
    counter.reset();
    expect([counter.created(), counter.made(), counter.reads()]).toEqual([0, 0, 0]);
    expect(counter.createdBy()).toEqual({});
    expect(counter.calls()).toEqual({});
    expect(b.copy(b.zeros(1, 2), a)).toBe(a);
    expect(counter.createdBy()).toEqual({ zeros: 1 });
  });

  it('returns snapshots: a record it gave does not change afterwards', () => {
    const counter = countingBackend(createCpuBackend());
    const before = counter.createdBy();
    counter.backend.zeros(1, 1);
    expect(before).toEqual({});
    expect(counter.createdBy()).toEqual({ zeros: 1 });
  });
});

describe('APPENDIX_A', () => {
  const b = createCpuBackend();
  const t = (rows: Rows) => tensor(rows, { backend: b });
  const product = (w: Rows, a: Rows) => b.matmul(t(w), t(a)).toArray();
  const minus = (a: Rows, eta: number, d: Rows) => b.axpby(-eta, t(d), 1, t(a)).toArray();

  it('A0 and Ỹ are X and Y transposed, with a bias row of ones on top', () => {
    const withBias = (m: Rows) => [m.map(() => 1), ...m[0]!.map((_, j) => m.map((row) => row[j]))];
    expect(withBias(APPENDIX_A.X)).toEqual(APPENDIX_A.A0);
    expect(withBias(APPENDIX_A.Y)).toEqual(APPENDIX_A.Ytilde);
  });

  it('the forward values follow from the weights (Identity activations)', () => {
    expect(product(APPENDIX_A.W1, APPENDIX_A.A0)).toEqual(APPENDIX_A.Z1);
    expect(product(APPENDIX_A.W2, APPENDIX_A.Z1)).toEqual(APPENDIX_A.Z2);
    expect(product(APPENDIX_A.W3, APPENDIX_A.Z2)).toEqual(APPENDIX_A.Z3);
    const diff = b.binary('sub', t(APPENDIX_A.Z3), t(APPENDIX_A.Ytilde));
    expect(b.dot(diff, diff) / 4).toBe(APPENDIX_A.J);
    expect(b.affine(diff, 2 / 4).toArray()).toEqual(APPENDIX_A.dYhat);
  });

  it('each step is W − η·∂J/∂W', () => {
    for (const eta of [2, 4] as const) {
      const want = APPENDIX_A.afterStep[eta];
      expect(minus(APPENDIX_A.W1, eta, APPENDIX_A.dW1)).toEqual(want.W1);
      expect(minus(APPENDIX_A.W2, eta, APPENDIX_A.dW2)).toEqual(want.W2);
      expect(minus(APPENDIX_A.W3, eta, APPENDIX_A.dW3)).toEqual(want.W3);
    }
  });
});

describe('maxAbsDiff', () => {
  it('is the largest element-wise difference', () => {
    expect(
      maxAbsDiff(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2.5],
          [2, 4],
        ],
      ),
    ).toBe(1);
    expect(maxAbsDiff([[1]], [[1]])).toBe(0);
  });
});

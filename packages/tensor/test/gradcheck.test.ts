import { describe, expect, it } from 'vitest';
import {
  type Backend,
  createCpuBackend,
  type DType,
  gradcheck,
  randn,
  ShapeError,
  type Tensor,
  ValueError,
} from '../src/index.js';

const SETTINGS = {
  float64: { eps: 1e-6, atol: 1e-6, rtol: 1e-5 },
  float32: { eps: 1e-2, atol: 1e-3, rtol: 1e-2 },
} as const;

/** J(A, B) = Σ tanh(A·B): ∂J/∂A = G·Bᵀ and ∂J/∂B = Aᵀ·G with G = 1 − tanh²(A·B). */
function setup(dtype: DType) {
  const backend = createCpuBackend();
  const a = randn(3, 4, { seed: 1, backend, dtype });
  const b = randn(4, 2, { seed: 2, backend, dtype, std: 0.5 });
  const f = () => backend.sum(tanh(backend, backend.matmul(a, b)));
  const z = backend.matmul(a, b);
  const t = tanh(backend, z);
  const g = backend.affine(backend.unary('square', t), -1, 1); // 1 − tanh²
  const dA = backend.matmul(g, b, { transB: true });
  const dB = backend.matmul(a, g, { transA: true });
  return { backend, a, b, f, dA, dB };
}

function tanh(backend: Backend, z: Tensor): Tensor {
  // tanh on all rows: the activation skips row 0, so stack a dummy row above z.
  const padded = backend.concatRows(backend.zeros(1, z.cols, z.dtype), z);
  const t = backend.activation('tanh', padded);
  return backend.sliceRows(t, 1, padded.rows);
}

describe.each(['float64', 'float32'] as const)('gradcheck (%s)', (dtype) => {
  it('passes a correct gradient and restores the inputs', () => {
    const { a, b, f, dA, dB } = setup(dtype);
    const before = [Array.from(a.toTypedArray()), Array.from(b.toTypedArray())];
    const result = gradcheck(f, [a, b], [dA, dB], SETTINGS[dtype]);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(12 + 8);
    expect(result.maxAbsError).toBeLessThan(SETTINGS[dtype].atol * 10);
    expect([Array.from(a.toTypedArray()), Array.from(b.toTypedArray())]).toEqual(before);
  });

  it('fails a wrong gradient and says where', () => {
    const { backend, a, b, f, dA, dB } = setup(dtype);
    const wrong = backend.affine(dB, 1.5); // 50% too large
    const result = gradcheck(f, [a, b], [dA, wrong], SETTINGS[dtype]);
    expect(result.ok).toBe(false);
    expect(result.worst?.input).toBe(1);
    expect(result.maxAbsError).toBeGreaterThan(0.01);
  });

  it('fails a gradient with one wrong element, at that element', () => {
    const { backend, a, b, f, dA, dB } = setup(dtype);
    const data = dA.toTypedArray();
    data[5] = data[5]! + 0.5; // row 1, col 1
    const wrong = backend.fromHost(data, 3, 4, dtype);
    const result = gradcheck(f, [a, b], [wrong, dB], SETTINGS[dtype]);
    expect(result.ok).toBe(false);
    expect(result.worst).toMatchObject({ input: 0, row: 1, col: 1 });
  });
});

describe('gradcheck errors', () => {
  it('refuses mismatched inputs and gradients', () => {
    const { a, b, f, dA, dB } = setup('float64');
    expect(() => gradcheck(f, [a, b], [dA])).toThrow(ValueError);
    expect(() => gradcheck(f, [a, b], [dB, dA])).toThrow(ShapeError);
    expect(() => gradcheck(f, [a, b], [dB, dA])).toThrow(
      /input 0 is \[3×4\], its gradient \[4×2\]/,
    );
  });
});

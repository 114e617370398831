import { createBackend, DTYPES, listBackends } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import type { Linear } from '../src/index.js';
import './backends-under-test.js';
import { APPENDIX_A, appendixANetwork, asTensor, mse, mseGradient } from './helpers.js';

/**
 * Every registered backend (the CPU one, and any other whose entry point is loaded, as gpujs is
 * by ./backends-under-test.js) × each dtype it stores.
 */
const CASES = listBackends().flatMap((name) =>
  DTYPES.filter((dtype) => createBackend(name).dtypes.includes(dtype)).map(
    (dtype) => [name, dtype] as const,
  ),
);

/** The corrected Appendix A of spec-notes.md, value for value. */
describe.each(CASES)('Appendix A (corrected), backend %s, %s', (backendName, dtype) => {
  const backend = createBackend(backendName);
  const run = () => {
    const net = appendixANetwork(dtype, backend);
    const trace = net.trace();
    const a0 = asTensor(APPENDIX_A.A0, dtype, backend);
    const y = asTensor(APPENDIX_A.Y, dtype, backend);
    const yHat = net.forward(a0);
    const j = mse(yHat, y);
    const dY = mseGradient(yHat, y);
    const dA0 = net.backward(dY);
    return { net, trace, yHat, j, dY, dA0 };
  };

  it('forward: Z1, Z2, Ŷ and J = 1', () => {
    const { trace, yHat, j } = run();
    expect(trace.get('Z1').toArray()).toEqual([
      [1, 1, 1, 1],
      [2, 3, 2, 3],
      [3, 4, 4, 5],
      [2, 2, 3, 3],
    ]);
    expect(trace.get('A1').toArray()).toEqual(trace.get('Z1').toArray());
    expect(trace.get('Z2').toArray()).toEqual([
      [1, 1, 1, 1],
      [5, 6, 6, 7],
      [3, 6, 3, 6],
    ]);
    expect(trace.get('A2').toArray()).toEqual(trace.get('Z2').toArray());
    expect(trace.get('Z3').toArray()).toEqual([
      [1, 1, 1, 1],
      [2, 0, 3, 1],
    ]);
    expect(yHat.toArray()).toEqual([
      [1, 1, 1, 1],
      [2, 0, 3, 1],
    ]);
    expect(j).toBe(1);
  });

  it('backward: every ∂J/∂A and ∂J/∂W of the true gradient (factor 2/m)', () => {
    const { net, trace, dY, dA0 } = run();
    expect(dY.toArray()).toEqual([
      [0, 0, 0, 0],
      [0.5, -0.5, 0.5, -0.5],
    ]);
    const [l1, , l2, , l3] = net.layers as [Linear, unknown, Linear, unknown, Linear];
    expect(l3.grad.toArray()).toEqual([
      [0, 0, 0],
      [0, -1, -3],
    ]);
    expect(trace.get('∂J/∂A2').toArray()).toEqual([
      [0, 0, 0, 0],
      [0.5, -0.5, 0.5, -0.5],
      [-0.5, 0.5, -0.5, 0.5],
    ]);
    expect(l2.grad.toArray()).toEqual([
      [0, 0, 0, 0],
      [0, -1, -1, 0],
      [0, 1, 1, 0],
    ]);
    expect(trace.get('∂J/∂A1').toArray()).toEqual([
      [1, -1, 1, -1],
      [0, 0, 0, 0],
      [-1, 1, -1, 1],
      [1.5, -1.5, 1.5, -1.5],
    ]);
    // Δ1 = ∂J/∂A1 with row 0 zeroed by the activation (Sec. 3.2).
    expect(trace.get('Δ1').toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [-1, 1, -1, 1],
      [1.5, -1.5, 1.5, -1.5],
    ]);
    expect(l1.grad.toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 2],
      [0, 0, -3],
    ]);
    const expectedDA0 = [
      [1.5, -1.5, 1.5, -1.5],
      [0.5, -0.5, 0.5, -0.5],
      [-1, 1, -1, 1],
    ];
    expect(dA0.toArray()).toEqual(expectedDA0);
    expect(trace.get('∂J/∂A0').toArray()).toEqual(expectedDA0);
    // The trace's ∂J/∂W are the layers' gradients.
    expect(trace.get('∂J/∂W1').toArray()).toEqual(l1.grad.toArray());
    expect(trace.get('∂J/∂W3').toArray()).toEqual(l3.grad.toArray());
  });

  it.each([
    [
      2,
      [
        [1, 0, 0],
        [0, 3, 5],
      ],
      [
        [1, 0, 0, 0],
        [1, 3, 2, 1],
        [-1, -1, 0, -2],
      ],
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, -3],
        [1, 1, 6],
      ],
    ],
    [
      4,
      [
        [1, 0, 0],
        [0, 5, 11],
      ],
      [
        [1, 0, 0, 0],
        [1, 5, 4, 1],
        [-1, -3, -2, -2],
      ],
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, -7],
        [1, 1, 12],
      ],
    ],
  ])(
    'one gradient step W ← W − η·∂J/∂W with η = %d gives the weights of spec-notes',
    (lr, w3, w2, w1) => {
      const { net } = run();
      for (const p of net.parameters()) p.value.backend.axpby(-lr, p.grad, 1, p.value);
      const [l1, , l2, , l3] = net.layers as [Linear, unknown, Linear, unknown, Linear];
      expect(l3.weight.toArray()).toEqual(w3);
      expect(l2.weight.toArray()).toEqual(w2);
      expect(l1.weight.toArray()).toEqual(w1);
    },
  );
});

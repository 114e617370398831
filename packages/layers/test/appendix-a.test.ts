import { createBackend, DTYPES, listBackends } from '@mfnet/tensor';
import { APPENDIX_A, gpujsUnderTest } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import type { Linear } from '../src/index.js';
import { appendixANetwork, asTensor, mse, mseGradient } from './helpers.js';

// Registers the gpujs backend where it loads.
await gpujsUnderTest();

/**
 * Every registered backend (the CPU one, and any other whose entry point is loaded, as gpujs is
 * by gpujsUnderTest) × each dtype it stores.
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
    const y = asTensor(APPENDIX_A.Ytilde, dtype, backend);
    const yHat = net.forward(a0);
    const j = mse(yHat, y);
    const dY = mseGradient(yHat, y);
    const dA0 = net.backward(dY);
    return { net, trace, yHat, j, dY, dA0 };
  };

  it('forward: Z1, Z2, Ŷ and J = 1', () => {
    const { trace, yHat, j } = run();
    expect(trace.get('Z1').toArray()).toEqual(APPENDIX_A.Z1);
    expect(trace.get('A1').toArray()).toEqual(trace.get('Z1').toArray());
    expect(trace.get('Z2').toArray()).toEqual(APPENDIX_A.Z2);
    expect(trace.get('A2').toArray()).toEqual(trace.get('Z2').toArray());
    expect(trace.get('Z3').toArray()).toEqual(APPENDIX_A.Z3);
    expect(yHat.toArray()).toEqual(APPENDIX_A.Z3);
    expect(j).toBe(APPENDIX_A.J);
  });

  it('backward: every ∂J/∂A and ∂J/∂W of the true gradient (factor 2/m)', () => {
    const { net, trace, dY, dA0 } = run();
    expect(dY.toArray()).toEqual(APPENDIX_A.dYhat);
    const [l1, , l2, , l3] = net.layers as [Linear, unknown, Linear, unknown, Linear];
    expect(l3.grad.toArray()).toEqual(APPENDIX_A.dW3);
    expect(trace.get('∂J/∂A2').toArray()).toEqual(APPENDIX_A.dA2);
    expect(l2.grad.toArray()).toEqual(APPENDIX_A.dW2);
    expect(trace.get('∂J/∂A1').toArray()).toEqual(APPENDIX_A.dA1);
    // Δ1 = ∂J/∂A1 with row 0 zeroed by the activation (Sec. 3.2).
    expect(trace.get('Δ1').toArray()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [-1, 1, -1, 1],
      [1.5, -1.5, 1.5, -1.5],
    ]);
    expect(l1.grad.toArray()).toEqual(APPENDIX_A.dW1);
    expect(dA0.toArray()).toEqual(APPENDIX_A.dA0);
    expect(trace.get('∂J/∂A0').toArray()).toEqual(APPENDIX_A.dA0);
    // The trace's ∂J/∂W are the layers' gradients.
    expect(trace.get('∂J/∂W1').toArray()).toEqual(l1.grad.toArray());
    expect(trace.get('∂J/∂W3').toArray()).toEqual(l3.grad.toArray());
  });

  it.each([2, 4] as const)(
    'one gradient step W ← W − η·∂J/∂W with η = %d gives the weights of spec-notes',
    (lr) => {
      const { net } = run();
      for (const p of net.parameters()) p.value.backend.axpby(-lr, p.grad, 1, p.value);
      const [l1, , l2, , l3] = net.layers as [Linear, unknown, Linear, unknown, Linear];
      const want = APPENDIX_A.afterStep[lr];
      expect(l3.weight.toArray()).toEqual(want.W3);
      expect(l2.weight.toArray()).toEqual(want.W2);
      expect(l1.weight.toArray()).toEqual(want.W1);
    },
  );
});

import { DataLoader } from '@mfnet/data';
import { Identity, Linear, NeuralNetwork } from '@mfnet/layers';
import { MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { type Backend, type DType, listBackends, type Tensor } from '@mfnet/tensor';
import { APPENDIX_A } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { backendCases, gpujsSourceExists, loadOptionalBackends } from './helpers/backends.js';
import { hostMatrix } from './helpers/host-matrix.js';

/**
 * The corrected Appendix A of spec-notes.md, end to end with the real pieces: the DataLoader
 * builds A0 and Ỹ from the design matrix, the NeuralNetwork runs forward and backward, MSELoss
 * gives J and ∂J/∂Ŷ (factor 2/m, slip 2), SGD updates the weights. Every value is a small
 * integer or half-integer, so both dtypes must match exactly.
 */
const { gpujsError } = await loadOptionalBackends();
const { cases, unavailable } = backendCases();

function appendixANetwork(dtype: DType, backend: Backend): NeuralNetwork {
  const options = { dtype, backend };
  return new NeuralNetwork([
    new Linear(2, 3, { ...options, weight: APPENDIX_A.W1 }),
    new Identity(),
    new Linear(3, 2, { ...options, weight: APPENDIX_A.W2 }),
    new Identity(),
    new Linear(2, 1, { ...options, weight: APPENDIX_A.W3 }),
    new Identity(),
  ]);
}

function linearLayers(net: NeuralNetwork): [Linear, Linear, Linear] {
  const linears = net.layers.filter((l): l is Linear => l instanceof Linear);
  expect(linears).toHaveLength(3);
  return linears as [Linear, Linear, Linear];
}

/** The one batch of the Appendix A data, through the real DataLoader. */
function appendixABatch(dtype: DType, backend: Backend): { x: Tensor; y: Tensor } {
  const loader = new DataLoader(hostMatrix(APPENDIX_A.X), hostMatrix(APPENDIX_A.Y), {
    batchSize: 4,
    shuffle: false,
    dtype,
    backend,
  });
  const batches = [...loader];
  expect(batches).toHaveLength(1);
  const { x, y } = batches[0]!;
  return { x, y };
}

/** One traced forward/backward pass of a fresh network on the loader's batch. */
function runPass(dtype: DType, backend: Backend) {
  const { x, y } = appendixABatch(dtype, backend);
  const net = appendixANetwork(dtype, backend);
  const loss = new MSELoss();
  const trace = net.trace();
  const yHat = net.forward(x);
  const j = loss.forward(yHat, y);
  trace.setLoss(j);
  const dYhat = loss.grad();
  const dA0 = net.backward(dYhat);
  return { x, y, net, loss, trace, yHat, j, dYhat, dA0 };
}

it('runs on at least the CPU backend, in both dtypes', () => {
  expect(cases.map((c) => `${c.name}/${c.dtype}`)).toEqual(
    expect.arrayContaining(['cpu/float64', 'cpu/float32']),
  );
  // Any registered backend that could not be made here is reported, not hidden.
  if (unavailable.size > 0) {
    console.warn('backends that could not be made here:', [...unavailable.entries()]);
  }
});

it('the gpu.js backend is tested when its source exists (another helper is adding it)', () => {
  if (gpujsSourceExists) {
    expect(gpujsError).toBeUndefined();
    expect(listBackends()).toContain('gpujs');
  } else {
    console.info('no packages/tensor/src/gpujs yet: Appendix A runs on', listBackends());
    expect(gpujsError).toBeDefined();
  }
});

describe.each(cases)('Appendix A (corrected) on $name, $dtype', ({ name, dtype, backend }) => {
  it('the DataLoader gives A0 and Ỹ: transposed, with the bias row of ones', () => {
    const { x, y } = appendixABatch(dtype, backend);
    expect(x.dtype).toBe(dtype);
    expect(x.backend).toBe(backend);
    expect(x.toArray()).toEqual(APPENDIX_A.A0);
    expect(y.toArray()).toEqual(APPENDIX_A.Ytilde);
  });

  it('forward: Z1 = A1, Z2 = A2, Z3 = Ŷ and MSELoss gives J = 1', () => {
    const { trace, yHat, j } = runPass(dtype, backend);
    expect(trace.get('A0').toArray()).toEqual(APPENDIX_A.A0);
    expect(trace.get('Z1').toArray()).toEqual(APPENDIX_A.Z1);
    expect(trace.get('A1').toArray()).toEqual(APPENDIX_A.Z1);
    expect(trace.get('Z2').toArray()).toEqual(APPENDIX_A.Z2);
    expect(trace.get('A2').toArray()).toEqual(APPENDIX_A.Z2);
    expect(trace.get('Z3').toArray()).toEqual(APPENDIX_A.Z3);
    expect(yHat.toArray()).toEqual(APPENDIX_A.Z3);
    expect(j).toBe(APPENDIX_A.J);
  });

  it('backward: ∂J/∂Ŷ = (2/m)(Ŷ − Ỹ) and every gradient of the notes', () => {
    const { net, trace, dYhat, dA0 } = runPass(dtype, backend);
    const [l1, l2, l3] = linearLayers(net);
    expect(dYhat.toArray()).toEqual(APPENDIX_A.dYhat);
    expect(l3.grad.toArray()).toEqual(APPENDIX_A.dW3);
    expect(trace.get('∂J/∂A2').toArray()).toEqual(APPENDIX_A.dA2);
    expect(l2.grad.toArray()).toEqual(APPENDIX_A.dW2);
    expect(trace.get('∂J/∂A1').toArray()).toEqual(APPENDIX_A.dA1);
    expect(l1.grad.toArray()).toEqual(APPENDIX_A.dW1);
    expect(dA0.toArray()).toEqual(APPENDIX_A.dA0);
    // The trace's per-pass ∂J/∂W agree with what the layers accumulated.
    expect(trace.get('∂J/∂W1').toArray()).toEqual(APPENDIX_A.dW1);
    expect(trace.get('∂J/∂W2').toArray()).toEqual(APPENDIX_A.dW2);
    expect(trace.get('∂J/∂W3').toArray()).toEqual(APPENDIX_A.dW3);
  });

  it.each([2, 4] as const)('one SGD step with η = %i gives the weights of the notes', (lr) => {
    const { net } = runPass(dtype, backend);
    new SGD(net.parameters(), { lr }).step();
    const [l1, l2, l3] = linearLayers(net);
    const want = APPENDIX_A.afterStep[lr];
    expect(l1.weight.toArray()).toEqual(want.W1);
    expect(l2.weight.toArray()).toEqual(want.W2);
    expect(l3.weight.toArray()).toEqual(want.W3);
  });

  it('the trace prints the pass as Appendix A does', () => {
    const { trace } = runPass(dtype, backend);
    const text = trace.format();
    if (name === 'cpu' && dtype === 'float64') console.log(text);
    for (const heading of [
      'Forward pass',
      'Input',
      'Layer 1 (Linear 2→3)',
      'Layer 1 (Activation: Identity)',
      'Layer 2 (Linear 3→2)',
      'Layer 3 (Linear 2→1)',
      'Layer 3 (Activation: Identity)',
      'Backward pass',
      'Loss gradient',
    ]) {
      expect(text.split('\n')).toContain(heading);
    }
    expect(text).toMatch(/^J = 1$/m);
    expect(text).toContain('Z1 = W1·A0 =');
    expect(text).toContain('∂J/∂W1 = Δ1·A0ᵀ =');
    // The forward section comes before J, and J before the backward section.
    expect(text.indexOf('Forward pass')).toBeLessThan(text.indexOf('J = 1'));
    expect(text.indexOf('J = 1')).toBeLessThan(text.indexOf('Backward pass'));
  });
});

import { DTYPES } from '@mfnet/tensor';
import { APPENDIX_A, describeOnBackends } from '@mfnet/tensor/testing';
import { expect, it } from 'vitest';
import { SGD } from '../src/index.js';
import { param } from './helpers.js';

// spec-notes.md, "Appendix A, corrected": the weights and the true gradients (factor 2/m).
const { W1, W2, W3, dW1, dW2, dW3, afterStep } = APPENDIX_A;

describeOnBackends(DTYPES, 'SGD on the Appendix A gradients (%s), Eq. 5.1', (dtype) => {
  const network = () => [
    param({ name: 'layers.0.weight', value: W1, grad: dW1, fixedRow0: true, dtype }),
    param({ name: 'layers.2.weight', value: W2, grad: dW2, fixedRow0: true, dtype }),
    param({ name: 'layers.4.weight', value: W3, grad: dW3, fixedRow0: true, dtype }),
  ];

  it.each([
    [2, 'the weights the paper prints'],
    [4, 'the other set in spec-notes'],
  ] as const)('η = %i gives %s', (lr, _which) => {
    const ps = network();
    new SGD(ps, { lr }).step();
    const want = afterStep[lr];
    expect(ps.map((p) => p.value.toArray())).toEqual([want.W1, want.W2, want.W3]);
  });

  it('zeroGrad clears every gradient and leaves the weights alone', () => {
    const ps = network();
    const opt = new SGD(ps, { lr: 2 });
    opt.zeroGrad();
    for (const p of ps) expect(p.grad.backend.norm(p.grad)).toBe(0);
    expect(ps[0]!.value.toArray()).toEqual(W1);
    opt.step();
    expect(ps.map((p) => p.value.toArray())).toEqual([W1, W2, W3]);
    expect(opt.stepCount).toBe(1);
  });
});

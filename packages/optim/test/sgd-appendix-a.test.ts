import { expect, it } from 'vitest';
import { SGD } from '../src/index.js';
import { describeOnBackends } from './backends-under-test.js';
import { DTYPES, param } from './helpers.js';

// spec-notes.md, "Appendix A, corrected": the weights and the true gradients (factor 2/m).
const W1 = [
  [1, 0, 0],
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 0],
];
const W2 = [
  [1, 0, 0, 0],
  [1, 1, 0, 1],
  [-1, 1, 2, -2],
];
const W3 = [
  [1, 0, 0],
  [0, 1, -1],
];
const dW1 = [
  [0, 0, 0],
  [0, 0, 0],
  [0, 0, 2],
  [0, 0, -3],
];
const dW2 = [
  [0, 0, 0, 0],
  [0, -1, -1, 0],
  [0, 1, 1, 0],
];
const dW3 = [
  [0, 0, 0],
  [0, -1, -3],
];

describeOnBackends(DTYPES, 'SGD on the Appendix A gradients (%s), Eq. 5.1', (dtype) => {
  const network = () => [
    param({ name: 'layers.0.weight', value: W1, grad: dW1, fixedRow0: true, dtype }),
    param({ name: 'layers.2.weight', value: W2, grad: dW2, fixedRow0: true, dtype }),
    param({ name: 'layers.4.weight', value: W3, grad: dW3, fixedRow0: true, dtype }),
  ];

  it('η = 2 gives the weights the paper prints', () => {
    const ps = network();
    new SGD(ps, { lr: 2 }).step();
    expect(ps.map((p) => p.value.toArray())).toEqual([
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, -3],
        [1, 1, 6],
      ],
      [
        [1, 0, 0, 0],
        [1, 3, 2, 1],
        [-1, -1, 0, -2],
      ],
      [
        [1, 0, 0],
        [0, 3, 5],
      ],
    ]);
  });

  it('η = 4 gives the other set in spec-notes', () => {
    const ps = network();
    new SGD(ps, { lr: 4 }).step();
    expect(ps.map((p) => p.value.toArray())).toEqual([
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, -7],
        [1, 1, 12],
      ],
      [
        [1, 0, 0, 0],
        [1, 5, 4, 1],
        [-1, -3, -2, -2],
      ],
      [
        [1, 0, 0],
        [0, 5, 11],
      ],
    ]);
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

import { createCpuBackend, DTYPES, type Parameter } from '@mfnet/tensor';
import { countingBackend } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Adam, clipGradNorm, type Optimizer, SGD } from '../src/index.js';
import { augmentedWeight, newRng, param, randomMatrix, setTensor } from './helpers.js';

describe.each(DTYPES)('steady state without allocation (%s)', (dtype) => {
  const makers: [string, (ps: Parameter[]) => Optimizer][] = [
    ['SGD', (ps) => new SGD(ps, { lr: 0.01 })],
    [
      'SGD with every option',
      (ps) =>
        new SGD(ps, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4, maxGradNorm: 1 }),
    ],
    ['Adam', (ps) => new Adam(ps, { weightDecay: 1e-4 })],
  ];

  it.each(makers)('%s creates its state once, then no tensor per step', (_name, make) => {
    const { backend, created } = countingBackend(createCpuBackend());
    const rng = newRng(2);
    const ps = [
      param({ value: augmentedWeight(rng, 129, 785), fixedRow0: true, dtype, backend }),
      param({ value: augmentedWeight(rng, 11, 129), fixedRow0: true, dtype, backend }),
    ];
    for (const p of ps) setTensor(p.grad, randomMatrix(rng, p.grad.rows, p.grad.cols, 0.01));
    const opt = make(ps);
    opt.step();
    const afterFirst = created();
    for (let i = 0; i < 3; i++) {
      clipGradNorm(ps, 0.5);
      opt.step();
      opt.zeroGrad();
    }
    expect(created()).toBe(afterFirst);
    // The counter does count: one op without `out` is one new tensor.
    backend.norm(backend.affine(ps[1]!.grad, 2));
    expect(created()).toBe(afterFirst + 1);
  });
});

import type { Parameter } from '@mfnet/tensor';
import { DTYPES } from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { expect, it } from 'vitest';
import { Adam, type Optimizer, SGD } from '../src/index.js';
import { augmentedWeight, newRng, param, randomMatrix, setTensor } from './helpers.js';

const STEPS = 300;

describeOnBackends(DTYPES, 'row 0 of augmented weights stays exactly [1, 0 … 0] (%s)', (dtype) => {
  const makers: [string, (ps: Parameter[]) => Optimizer][] = [
    ['SGD + weight decay', (ps) => new SGD(ps, { lr: 0.05, weightDecay: 0.1 })],
    [
      'SGD + momentum + weight decay',
      (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, weightDecay: 0.1 }),
    ],
    [
      'SGD + Nesterov + weight decay + clipping',
      (ps) =>
        new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1, maxGradNorm: 1 }),
    ],
    ['Adam', (ps) => new Adam(ps, { lr: 0.01 })],
    ['Adam + weight decay', (ps) => new Adam(ps, { lr: 0.01, weightDecay: 0.1 })],
  ];

  it.each(makers)(`%s, over ${STEPS} steps`, (_name, make) => {
    const rng = newRng(5);
    const fixed = param({ value: augmentedWeight(rng, 4, 3), fixedRow0: true, dtype });
    // A control without fixedRow0, whose row 0 is an ordinary row with a gradient: it moves.
    const free = param({ value: augmentedWeight(rng, 4, 3), fixedRow0: false, dtype });
    const opt = make([fixed, free]);
    for (let i = 0; i < STEPS; i++) {
      for (const p of [fixed, free]) {
        const g = randomMatrix(rng, 4, 3);
        // The gradient's row 0 is zero, as the layer owning a fixedRow0 parameter makes it
        // (Linear, Eq. 3.5): weight decay, momentum and Adam's moments must not move the row.
        if (p === fixed) g[0] = [0, 0, 0];
        setTensor(p.grad, g);
      }
      opt.step();
    }
    expect(fixed.value.toArray()[0]).toEqual([1, 0, 0]);
    expect(free.value.toArray()[0]).not.toEqual([1, 0, 0]);
    // The other rows did train.
    const rest = fixed.value.toArray().slice(1).flat();
    expect(rest.every(Number.isFinite)).toBe(true);
  });
});

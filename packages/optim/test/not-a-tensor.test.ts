import { NotATensorError } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, type OptimizerState, SGD, StateDictError } from '../src/index.js';
import { param } from './helpers.js';

describe('Optimizer.loadStateDict given something that is not a state', () => {
  it.each([
    ['SGD', () => new SGD([param({ value: [[1, 2]] })], { lr: 0.1 })],
    ['Adam', () => new Adam([param({ value: [[1, 2]] })], { lr: 0.1 })],
  ])('%s refuses null and non-Tensor entries with typed errors naming it', (name, make) => {
    expect(() => make().loadStateDict(null as unknown as OptimizerState)).toThrow(StateDictError);
    expect(() => make().loadStateDict(null as unknown as OptimizerState)).toThrow(
      `${name}.loadStateDict: expected { step, tensors }`,
    );
    const junk = { step: 0, tensors: { 'w.exp_avg': [[1]] } } as unknown as OptimizerState;
    expect(() => make().loadStateDict(junk)).toThrow(NotATensorError);
    expect(() => make().loadStateDict(junk)).toThrow(
      `${name}.loadStateDict: tensors['w.exp_avg'] must be a Tensor`,
    );
  });
});

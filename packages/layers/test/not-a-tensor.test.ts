import { createBackend, NotATensorError, type Tensor } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { Identity, Linear, NeuralNetwork, ReLU, StateDictError } from '../src/index.js';

// Plain values where a Tensor belongs, as a JavaScript caller can pass them.
const bad = (v: unknown) => v as Tensor;

describe('public entry points given something that is not a Tensor', () => {
  const backend = createBackend('cpu');
  const net = new NeuralNetwork([
    new Linear(2, 3, { backend }),
    new ReLU(),
    new Linear(3, 1, { backend }),
    new Identity(),
  ]);

  it.each([
    [
      'NeuralNetwork.forward',
      () => net.forward(bad(undefined)),
      /NeuralNetwork.forward: x must be a Tensor, got undefined/,
    ],
    [
      'NeuralNetwork.backward',
      () => net.backward(bad(null)),
      /NeuralNetwork.backward: dLoss must be a Tensor, got null/,
    ],
    [
      'Linear.forward',
      () => new Linear(2, 3).forward(bad([[1]])),
      /Linear\(2→3\).forward: x must be a Tensor, got an array/,
    ],
    [
      'Linear.backward',
      () => new Linear(2, 3).backward(bad(3)),
      /Linear\(2→3\).backward: dOut must be a Tensor, got a number/,
    ],
    [
      'ReLU.forward',
      () => new ReLU().forward(bad({ rows: 1 })),
      /ReLU.forward: z must be a Tensor, got a Object/,
    ],
    ['ReLU.backward', () => new ReLU().backward(bad('x')), /ReLU.backward: dOut must be a Tensor/],
  ])('%s throws a NotATensorError naming it', (_, call, message) => {
    expect(call).toThrow(NotATensorError);
    expect(call).toThrow(message);
  });

  it('loadStateDict(null) is a StateDictError, not a TypeError', () => {
    expect(() => net.loadStateDict(bad(null) as never)).toThrow(StateDictError);
    expect(() => net.loadStateDict(bad(null) as never)).toThrow(
      /loadStateDict: expected a Map or a record/,
    );
    expect(() => net.loadStateDict(bad(7) as never)).toThrow(StateDictError);
  });
});

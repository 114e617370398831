import { DataLoader } from '@mfnet/data';
import { Identity, Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { MSELoss, NonFiniteLossError } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { createBackend, type DType, Rng, ValueError } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { linearRegressionData } from './helpers/toy-data.js';

/**
 * A loss that turns NaN or Infinity during training is reported with the training loop's step
 * (issue 3, "Numerically safe"), not propagated silently into the weights.
 */
describe.each(['float64', 'float32'] as DType[])('divergence is reported, %s', (dtype) => {
  it('an absurd learning rate on a ReLU network: NonFiniteLossError names the loop step', () => {
    const backend = createBackend('cpu');
    const options = { dtype, backend, rng: new Rng(9) };
    const net = new NeuralNetwork([
      new Linear(2, 32, options),
      new ReLU(),
      new Linear(32, 32, options),
      new ReLU(),
      new Linear(32, 1, options),
      new Identity(),
    ]);
    const data = linearRegressionData(256, 0.05, 11);
    const loader = new DataLoader(data.X, data.Y, { batchSize: 32, seed: 1, dtype, backend });
    const loss = new MSELoss();
    const optimizer = new SGD(net.parameters(), { lr: 10 }); // no clipping: nothing stops it

    const losses: number[] = [];
    let step = 0;
    let caught: unknown;
    training: for (let epoch = 0; epoch < 50; epoch++) {
      for (const { x, y } of loader) {
        step++; // the loop counts from 1; the loss's own counter would start at 0
        loss.step = step;
        optimizer.zeroGrad();
        try {
          losses.push(loss.forward(net.forward(x), y));
        } catch (error) {
          caught = error;
          break training;
        }
        net.backward(loss.grad());
        optimizer.step();
      }
    }

    expect(caught).toBeInstanceOf(NonFiniteLossError);
    const error = caught as NonFiniteLossError;
    expect(error).toBeInstanceOf(ValueError);
    expect(error.step).toBe(step);
    expect(error.message).toContain(`at step ${step}.`);
    expect(error.message).toMatch(/^MSELoss\.forward: the loss is (NaN|-?Infinity) at step/);
    expect(Number.isFinite(error.value)).toBe(false);
    // It diverged during training: every earlier loss was finite, and they grew.
    expect(step).toBeGreaterThan(1);
    expect(losses).toHaveLength(step - 1);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(Math.max(...losses)).toBeGreaterThan(1e6 * losses[0]!);
    // And the NaN goes no further: there is no gradient to backpropagate.
    expect(() => loss.grad()).toThrow(ValueError);
  });
});

import { createCpuBackend, type Tensor } from '@mfnet/tensor';
import { countingBackend } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Linear, NeuralNetwork, ReLU } from '../src/index.js';
import { randomBatch, randomWeights } from './helpers.js';

/**
 * A training step of a 784-128-64-10 ReLU network on a batch of 64 allocates no tensor after
 * the first step: every layer reuses its output and gradient buffers. Measured by counting,
 * through a Proxy around the CPU backend, every new tensor any of its methods returns (and, as
 * a cross-check, every tensor the CPU backend makes internally).
 */
describe('no allocation in steady state', () => {
  function setup() {
    const counter = countingBackend(createCpuBackend());
    const backend = counter.backend;
    const net = new NeuralNetwork([
      new Linear(784, 128, { backend, seed: 1 }),
      new ReLU(),
      new Linear(128, 64, { backend, seed: 2 }),
      new ReLU(),
      new Linear(64, 10, { backend, seed: 3 }),
    ]);
    const batch = (cols: number, seed: number) => randomBatch(784, cols, seed, 'float64', backend);
    // A fixed loss gradient (zero row 0, as a loss gives), made before counting starts.
    const dLossFor = (cols: number) => randomWeights(11, cols, 7, 'float64', backend);
    const params = net.parameters();
    const step = (x: Tensor, dLoss: Tensor) => {
      net.zeroGrad();
      net.forward(x);
      net.backward(dLoss);
      for (const p of params) p.value.backend.axpby(-1e-3, p.grad, 1, p.value); // SGD, in place
    };
    return { net, counter, batch, dLossFor, step };
  }

  it('a 784-128-64-10 network, batch 64: zero new tensors after the first step', () => {
    const { counter, batch, dLossFor, step } = setup();
    const x = batch(64, 11);
    const dLoss = dLossFor(64);
    counter.reset();
    step(x, dLoss);
    // The first step makes the buffers: Z and ∂J/∂A for 3 Linears, A and Δ for 2 ReLUs.
    expect(counter.created()).toBe(10);
    expect(counter.made()).toBe(10);
    expect(counter.calls().matmul).toBe(9);
    counter.reset();
    for (let i = 0; i < 5; i++) step(x, dLoss);
    expect(counter.created()).toBe(0);
    expect(counter.made()).toBe(0);
    // Nor does a step read anything back to the host.
    expect(counter.reads()).toBe(0);
    // The counter does see the ops of those steps (3 forward + 6 backward matmuls each).
    expect(counter.calls().matmul).toBe(5 * 9);
  });

  it('alternating a full and a partial batch allocates only for the first of each size', () => {
    const { counter, batch, dLossFor, step } = setup();
    const full = batch(64, 11);
    const partial = batch(17, 12);
    const dFull = dLossFor(64);
    const dPartial = dLossFor(17);
    step(full, dFull);
    step(partial, dPartial);
    counter.reset();
    for (let i = 0; i < 4; i++) {
      step(full, dFull);
      step(partial, dPartial);
    }
    expect(counter.created()).toBe(0);
    expect(counter.made()).toBe(0);
  });

  it('the counter is not blind: a new batch size does allocate', () => {
    const { counter, batch, dLossFor, step } = setup();
    step(batch(64, 11), dLossFor(64));
    const x = batch(32, 13);
    const d = dLossFor(32);
    counter.reset();
    step(x, d);
    expect(counter.created()).toBe(10);
  });
});

import { DataLoader } from '@mfnet/data';
import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { createCpuBackend, Rng, SCRATCH_POOL_CAPACITY } from '@mfnet/tensor';
import { countingBackend } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';

/**
 * Issue 10, one scratch pool: layers, the loss and the DataLoader keep scratch per batch shape
 * in a ScratchPool that disposes what it lets go. With more batch sizes than the pool holds,
 * every round of training evicts and remakes entries; the live tensors (made and not disposed,
 * counted by countingBackend) must stay where the first round left them. Before the pool,
 * Linear and Activation dropped evicted tensors without disposing them, so this count grew
 * every round (on gpu.js: textures).
 */
const SAMPLES = 10;
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // 9 batch widths (and their partial last batches)
const ROUNDS = 60; // 32 steps each: 1,920 steps

describe('live tensors over many steps with changing batch sizes', () => {
  it('stay bounded: every round ends with as many live tensors as the first', () => {
    const counter = countingBackend(createCpuBackend());
    const backend = counter.backend;
    const rng = new Rng(5);
    const X = {
      data: Array.from({ length: SAMPLES * 3 }, () => rng.uniform()),
      shape: [SAMPLES, 3] as const,
    };
    const Y = {
      data: Array.from({ length: SAMPLES * 2 }, () => rng.uniform()),
      shape: [SAMPLES, 2] as const,
    };
    const loaders = SIZES.map(
      (batchSize) => new DataLoader(X, Y, { batchSize, seed: batchSize, backend }),
    );
    const net = new NeuralNetwork([
      new Linear(3, 5, { backend, seed: 1 }),
      new ReLU(),
      new Linear(5, 2, { backend, seed: 2 }),
    ]);
    const loss = new MSELoss();
    const optimizer = new SGD(net.parameters(), { lr: 0.01 });

    const liveAfterRound: number[] = [];
    let steps = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const loader of loaders) {
        for (const { x, y } of loader) {
          optimizer.zeroGrad();
          loss.forward(net.forward(x), y);
          net.backward(loss.grad());
          optimizer.step();
          steps++;
        }
      }
      liveAfterRound.push(counter.live());
    }

    expect(steps).toBe(ROUNDS * 32);
    // The pools did let entries go, and disposed them.
    expect(counter.disposed()).toBeGreaterThan(ROUNDS);
    const first = liveAfterRound[0]!;
    expect(new Set(liveAfterRound)).toEqual(new Set([first]));
    // And what is live fits the pools: weights and grads (4), two Linear and one ReLU pool of
    // 2 tensors per shape, the loss's (2 per shape), each loader's (2 tensors per batch width:
    // its full and its partial batch).
    const bound =
      4 + 3 * 2 * SCRATCH_POOL_CAPACITY + 2 * SCRATCH_POOL_CAPACITY + SIZES.length * 2 * 2;
    expect(first).toBeLessThanOrEqual(bound);
    expect(first).toBeGreaterThan(4);
  });
});

import { type Batch, DataLoader } from '@mfnet/data';
import { Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { CELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { createCpuBackend, type DType, Rng } from '@mfnet/tensor';
import { countingBackend } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';

/**
 * Issue 3, "Done when": a training step of a 784-128-64-10 network on a batch of 64 allocates
 * no new tensors after the first step. Here the step is the whole loop body with the real
 * pieces — zeroGrad, forward, CELoss forward and grad, backward, SGD with momentum, and the
 * DataLoader's next batch — all on one counting CPU backend (a Proxy, see countingBackend in
 * @mfnet/tensor/testing) given as the `backend` of every layer and of the loader (losses
 * and optimizers use their tensors' backend).
 */
const SAMPLES = 256; // 4 batches of 64 per epoch: the measured steps cross an epoch boundary
const BATCH = 64;

function setup(dtype: DType) {
  const counter = countingBackend(createCpuBackend());
  const backend = counter.backend;
  const rng = new Rng(17);
  const X = new Float64Array(SAMPLES * 784).map(() => rng.uniform());
  const Y = new Float64Array(SAMPLES * 10);
  for (let i = 0; i < SAMPLES; i++) Y[i * 10 + rng.int(10)] = 1;
  const loader = new DataLoader(
    { data: X, shape: [SAMPLES, 784] },
    { data: Y, shape: [SAMPLES, 10] },
    { batchSize: BATCH, seed: 3, dtype, backend },
  );
  const options = { dtype, backend, rng };
  const net = new NeuralNetwork([
    new Linear(784, 128, options),
    new ReLU(),
    new Linear(128, 64, options),
    new ReLU(),
    new Linear(64, 10, options),
  ]);
  const loss = new CELoss();
  const optimizer = new SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });

  // Epoch after epoch: each `for…of` of the loader starts the next one.
  const batches = (function* (): Generator<Batch> {
    for (;;) yield* loader;
  })();
  let batch = batches.next().value as Batch;
  const losses: number[] = [];
  const step = (): void => {
    optimizer.zeroGrad();
    const logits = net.forward(batch.x);
    losses.push(loss.forward(logits, batch.y));
    net.backward(loss.grad());
    optimizer.step();
    batch = batches.next().value as Batch;
  };
  return { counter, step, losses, batchShape: () => batch.x.shape };
}

describe.each(['float64', 'float32'] as DType[])('no allocation in steady state, %s', (dtype) => {
  it('784-128-64-10, CELoss, SGD with momentum, DataLoader batch 64: 0 new tensors over 5 steps after 2 warm-up steps', () => {
    const { counter, step, losses, batchShape } = setup(dtype);
    counter.reset();
    step();
    step();
    // The counter is not blind: the warm-up made the layers', the loss's buffers.
    expect(counter.created()).toBeGreaterThan(0);
    counter.reset();

    for (let i = 0; i < 5; i++) step();

    expect(counter.createdBy(), 'tensors created, by op').toEqual({});
    expect(counter.madeBy(), 'CpuBackend.make calls, by op (cross-check)').toEqual({});
    expect(counter.readsBy(), 'whole-tensor read-backs, by op').toEqual({});
    // …and the counter did see those 5 steps: 3 forward and 6 backward matmuls each.
    expect(counter.calls().matmul).toBe(5 * 9);
    expect(batchShape()).toEqual([785, BATCH]);
    expect(losses).toHaveLength(7);
    expect(losses.every(Number.isFinite)).toBe(true);
  });
});

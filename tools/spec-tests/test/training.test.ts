import { DataLoader } from '@mfnet/data';
import { Identity, Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { CELoss, type Loss, MSELoss } from '@mfnet/losses';
import { Adam, type Optimizer, SGD } from '@mfnet/optim';
import { createBackend, type DType, type Parameter, Rng } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { blobsData, linearRegressionData, type ToyDataset } from './helpers/toy-data.js';

/**
 * Training sanity: the packages together learn. Every step goes through DataLoader batches
 * (shuffled, seeded), the network, the real loss and the real optimizer; evaluation runs the
 * whole dataset as one batch. Seeds are fixed, so each run is the same run.
 */
const DTYPES: readonly DType[] = ['float64', 'float32'];
const OPTIMIZERS = {
  SGD: (ps: Parameter[]): Optimizer => new SGD(ps, { lr: 0.05 }),
  Adam: (ps: Parameter[]): Optimizer => new Adam(ps, { lr: 0.01 }),
};

const backend = createBackend('cpu');

function smallNetwork(nIn: number, nOut: number, dtype: DType, seed: number): NeuralNetwork {
  const options = { dtype, backend, rng: new Rng(seed) };
  return new NeuralNetwork([
    new Linear(nIn, 16, options),
    new ReLU(),
    new Linear(16, nOut, options),
    new Identity(),
  ]);
}

function train(
  net: NeuralNetwork,
  loss: Loss,
  optimizer: Optimizer,
  loader: DataLoader,
  epochs: number,
): number {
  let steps = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const { x, y } of loader) {
      optimizer.zeroGrad();
      loss.forward(net.forward(x), y);
      net.backward(loss.grad());
      optimizer.step();
      steps++;
    }
  }
  return steps;
}

/** The whole dataset as one batch, in order. */
function fullBatch(data: ToyDataset, dtype: DType) {
  const loader = new DataLoader(data.X, data.Y, {
    batchSize: data.X.shape[0],
    shuffle: false,
    dtype,
    backend,
  });
  const [batch] = [...loader];
  return batch!;
}

describe.each(DTYPES)('training through DataLoader batches, %s', (dtype) => {
  it.each(Object.keys(OPTIMIZERS) as (keyof typeof OPTIMIZERS)[])(
    'MSELoss + %s fits y = 2x1 − 3x2 + 1 + noise (256 samples)',
    (name) => {
      const data = linearRegressionData(256, 0.05, 11);
      const net = smallNetwork(2, 1, dtype, 5);
      const loss = new MSELoss();
      const evaluate = (): number => {
        const { x, y } = fullBatch(data, dtype);
        return loss.forward(net.forward(x), y);
      };
      const initial = evaluate();
      const loader = new DataLoader(data.X, data.Y, { batchSize: 32, seed: 3, dtype, backend });
      const steps = train(net, loss, OPTIMIZERS[name](net.parameters()), loader, 40);
      const final = evaluate();
      expect(steps).toBe(40 * 8);
      expect(initial).toBeGreaterThan(1);
      expect(final).toBeLessThan(1e-2 * initial);
    },
  );

  it.each(Object.keys(OPTIMIZERS) as (keyof typeof OPTIMIZERS)[])(
    'CELoss + %s separates three Gaussian blobs with ≥ 95% accuracy',
    (name) => {
      const data = blobsData(100, 0.6, 21);
      const net = smallNetwork(2, 3, dtype, 7);
      const loss = new CELoss();
      const accuracy = (): number => {
        const { x, indices } = fullBatch(data, dtype);
        const logits = net.forward(x);
        const b = logits.backend;
        const predicted = b.argmaxCols(b.sliceRows(logits, 1, logits.rows)); // skip the bias row
        let right = 0;
        indices.forEach((sample, j) => {
          if (predicted[j] === data.labels[sample]) right++;
        });
        return right / indices.length;
      };
      const before = accuracy();
      const loader = new DataLoader(data.X, data.Y, { batchSize: 30, seed: 4, dtype, backend });
      train(net, loss, OPTIMIZERS[name](net.parameters()), loader, 30);
      const after = accuracy();
      expect(before).toBeLessThan(0.9); // it had something to learn
      expect(after).toBeGreaterThanOrEqual(0.95);
    },
  );
});

import { MSELoss } from '@mfnet/losses';
import { type Callback, earlyStopping, type FitContext, fit } from '@mfnet/train';
import { describe, expect, it } from 'vitest';
import { regressionData, smallNet, weights } from './helpers/problem.js';

const train = regressionData(64, 1);
// Validation targets of the opposite sign: the better the network fits the training data, the
// worse it does on these, so the validation loss rises epoch after epoch.
const validation = { x: train.x, y: train.y.map((v) => -v) };

/** Keeps each epoch's weights. */
function weightsRecorder(): Callback & { byEpoch: number[][] } {
  const byEpoch: number[][] = [];
  return {
    name: 'weightsRecorder',
    byEpoch,
    onEpochEnd(_record, ctx) {
      byEpoch.push(weights(ctx.net));
    },
  };
}

async function run(restoreBestWeights: boolean) {
  const net = smallNet();
  const recorder = weightsRecorder();
  const history = await fit(net, {
    data: train,
    validation,
    loss: new MSELoss(),
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 20,
    batchSize: 8,
    seed: 1,
    callbacks: [recorder, earlyStopping({ patience: 2, restoreBestWeights })],
  });
  return { net, recorder, history };
}

describe('earlyStopping', () => {
  it('stops once the validation loss has risen for `patience` epochs and restores the best weights', async () => {
    const { net, recorder, history } = await run(true);
    const losses = history.records.map((r) => r.valLoss!);
    const best = losses.indexOf(Math.min(...losses));
    // The premise: the validation loss rises after its best epoch, and training stops after
    // 2 epochs of patience (before the 20 asked for).
    expect(losses.length).toBe(best + 3);
    expect(losses[best + 1]).toBeGreaterThan(losses[best]!);
    expect(losses[best + 2]).toBeGreaterThan(losses[best + 1]!);
    expect(history.reason).toBe('stopped');
    expect(history.message).toBe(
      `early stopping after epoch ${best + 3}: valLoss has not improved on ${losses[best]} ` +
        `(epoch ${best + 1}) for 2 epochs`,
    );
    expect(weights(net)).toEqual(recorder.byEpoch[best]); // the best epoch's weights, bit for bit
    expect(weights(net)).not.toEqual(recorder.byEpoch.at(-1));
  });

  it('without restoreBestWeights the network keeps its last weights', async () => {
    const { net, recorder, history } = await run(false);
    expect(history.reason).toBe('stopped');
    expect(weights(net)).toEqual(recorder.byEpoch.at(-1));
  });

  it('an improvement of less than minDelta does not count', () => {
    const stopped: string[] = [];
    const ctx = { stop: (m: string) => stopped.push(m) } as unknown as FitContext;
    const callback = earlyStopping({ patience: 2, minDelta: 0.1 });
    [1, 0.95, 0.91].forEach((valLoss, i) => {
      callback.onEpochEnd?.({ epoch: i + 1, trainLoss: 1, seconds: 0, lr: 0.1, valLoss }, ctx);
    });
    expect(stopped).toEqual([
      'early stopping after epoch 3: valLoss has not improved on 1 (epoch 1) for 2 epochs',
    ]);
  });

  it('mode max follows a metric that should grow', () => {
    const stopped: string[] = [];
    const ctx = { stop: (m: string) => stopped.push(m) } as unknown as FitContext;
    const callback = earlyStopping({ monitor: 'accuracy', mode: 'max', patience: 0 });
    [0.5, 0.6, 0.7].forEach((accuracy, i) => {
      callback.onEpochEnd?.({ epoch: i + 1, trainLoss: 1, seconds: 0, lr: 0.1, accuracy }, ctx);
    });
    expect(stopped).toEqual([]);
    callback.onEpochEnd?.({ epoch: 4, trainLoss: 1, seconds: 0, lr: 0.1, accuracy: 0.65 }, ctx);
    expect(stopped).toHaveLength(1);
    expect(callback.bestEpoch).toBe(3);
  });
});

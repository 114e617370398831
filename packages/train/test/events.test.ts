import { MSELoss } from '@mfnet/losses';
import {
  type BatchProgress,
  divergenceWarnings,
  type EpochRecord,
  type FitContext,
  fit,
  type History,
  progressEvents,
} from '@mfnet/train';
import { describe, expect, it } from 'vitest';
import { regressionData, smallNet } from './helpers/problem.js';

describe('progressEvents', () => {
  it('sends a batch event per step, an epoch event per epoch and an end event', async () => {
    const progress = progressEvents();
    const batches: BatchProgress[] = [];
    const epochs: EpochRecord[] = [];
    const ends: History[] = [];
    progress.target.addEventListener('batch', (e) => batches.push((e as CustomEvent).detail));
    progress.target.addEventListener('epoch', (e) => epochs.push((e as CustomEvent).detail));
    progress.target.addEventListener('end', (e) => ends.push((e as CustomEvent).detail));
    const history = await fit(smallNet(), {
      data: regressionData(30),
      loss: new MSELoss(),
      optimizer: 'sgd',
      epochs: 2,
      batchSize: 10,
      seed: 1,
      callbacks: [progress],
    });
    expect(batches.map((b) => [b.epoch, b.batch, b.step])).toEqual([
      [1, 1, 0],
      [1, 2, 1],
      [1, 3, 2],
      [2, 1, 3],
      [2, 2, 4],
      [2, 3, 5],
    ]);
    expect(batches[2]).toMatchObject({ batches: 3, epochs: 2, samples: 30 });
    // The last batch's running loss is the epoch's training loss.
    expect(batches[2]!.runningLoss).toBe(epochs[0]!.trainLoss);
    expect(epochs).toEqual(history.records);
    expect(ends).toEqual([history]);
  });
});

describe('divergenceWarnings', () => {
  const ctx = {} as FitContext;
  const record = (epoch: number, trainLoss: number, extra = {}): EpochRecord => ({
    epoch,
    trainLoss,
    seconds: 0,
    lr: 0.1,
    ...extra,
  });

  it('warns of a training loss over 100 times the first batch loss, and of chance level', () => {
    const warnings: string[] = [];
    const callback = divergenceWarnings({
      chance: { metric: 'accuracy', value: 0.1 },
      onWarning: (w) => warnings.push(w),
    });
    callback.onBatchEnd?.(
      { loss: 2 } as Parameters<NonNullable<typeof callback.onBatchEnd>>[0],
      ctx,
    );
    callback.onEpochEnd?.(record(1, 1.5, { accuracy: 0.9 }), ctx);
    callback.onEpochEnd?.(record(2, 201, { accuracy: 0.9 }), ctx);
    callback.onEpochEnd?.(record(3, 1, { accuracy: 0.12 }), ctx);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^epoch 2: the training loss 201 is over 100 times the loss at the start \(2\.00\)/,
    );
    expect(warnings[1]).toMatch(
      /^epoch 3: accuracy 0\.120 is at chance level \(0\.100 for a guess\)/,
    );
    expect(callback.saveState?.()).toEqual({ startLoss: 2 });
  });
});

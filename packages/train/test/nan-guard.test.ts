import { MSELoss } from '@mfnet/losses';
import { ValueError } from '@mfnet/tensor';
import { fit, TrainingDivergedError } from '@mfnet/train';
import { describe, expect, it } from 'vitest';
import { regressionData, smallNet } from './helpers/problem.js';

const data = regressionData(64, 2);

async function diverge(
  optimizer: Parameters<typeof fit>[1]['optimizer'],
): Promise<TrainingDivergedError> {
  try {
    await fit(smallNet(), {
      data,
      loss: new MSELoss(),
      optimizer,
      epochs: 50,
      batchSize: 8,
      seed: 4,
    });
  } catch (error) {
    return error as TrainingDivergedError;
  }
  throw new Error('fit did not diverge');
}

describe('the NaN/∞ guard', () => {
  it('a loss that overflows stops fit with a TrainingDivergedError naming epoch, batch and step', async () => {
    const error = await diverge({ name: 'sgd', lr: 1e6 });
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(error).toBeInstanceOf(ValueError);
    expect(error.quantity).toBe('loss');
    expect(Number.isFinite(error.value)).toBe(false);
    const batches = 8;
    expect(error.step).toBe((error.epoch - 1) * batches + error.batch - 1);
    expect(error.message).toContain(
      `in epoch ${error.epoch}, batch ${error.batch} of ${batches} (step ${error.step})`,
    );
    expect(error.lr).toBe(1e6);
    expect(error.detail).toBe(`the loss is ${String(error.value)}`);
    expect(error.message).toContain(error.detail);
    // The history it holds stops right before the failed step.
    expect(error.history.state.step).toBe(error.step);
    expect(error.history.records).toHaveLength(error.epoch - 1);
  });

  it('a run goes on at a lower learning rate with the `lr` option (e.g. from an earlier checkpoint)', async () => {
    const net = smallNet();
    const options = { data, loss: new MSELoss(), batchSize: 8, seed: 4 } as const;
    const first = await fit(net, { ...options, optimizer: { name: 'sgd', lr: 0.1 }, epochs: 2 });
    const resumed = await fit(net, {
      ...options,
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 3,
      resume: first,
      lr: 0.01,
    });
    expect(resumed.records.map((r) => r.lr)).toEqual([0.1, 0.1, 0.01]);
    expect(resumed.optimizer).toBe(first.optimizer);
  });

  it('a gradient that is not finite (seen while clipping) is named too', async () => {
    const error = await diverge({ name: 'sgd', lr: 1e6, maxGradNorm: 1e300 });
    expect(error).toBeInstanceOf(TrainingDivergedError);
    expect(['gradient', 'loss']).toContain(error.quantity);
    expect(error.message).toMatch(/training diverged in epoch \d+, batch \d+ of 8 \(step \d+\)/);
    expect(error.message).toContain(error.detail);
    if (error.quantity === 'gradient')
      expect(error.detail).toMatch(/^the gradient of '.+' has norm /);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MSELoss } from '@mfnet/losses';
import { Adam } from '@mfnet/optim';
import { manualSeed } from '@mfnet/tensor';
import {
  type Callback,
  earlyStopping,
  type FitOptions,
  fit,
  type History,
  rmse,
  stepLR,
} from '@mfnet/train';
import { checkpoint, loadCheckpoint } from '@mfnet/train/node';
import { afterAll, describe, expect, it } from 'vitest';
import { regressionData, smallNet, weights } from './helpers/problem.js';

const data = regressionData(110);
const EPOCHS = 4;

/** The same run's options each time; fresh callbacks (a resume may get new instances). */
function options(extra: Partial<FitOptions> = {}): FitOptions {
  return {
    data,
    loss: new MSELoss(),
    optimizer: { name: 'adam', lr: 0.02 },
    epochs: EPOCHS,
    batchSize: 16, // 88 training samples: 6 batches per epoch, the last one partial
    validation: 0.2,
    metrics: { rmse: rmse() },
    callbacks: [stepLR({ stepSize: 2, gamma: 0.5 }), earlyStopping({ patience: 10 })],
    ...extra,
  };
}

/** A callback that aborts `controller` after global step `step`. */
function abortAfter(step: number, controller: AbortController): Callback {
  return {
    name: 'abortAfter',
    onBatchEnd(event) {
      if (event.step === step) controller.abort();
    },
  };
}

/** The records without their timings (which differ between runs). */
function untimed(history: History) {
  return history.records.map(({ seconds: _seconds, ...rest }) => rest);
}

describe('fit stopped by an AbortSignal resumes to the same result as a straight run', () => {
  // No seed option: the data order's seed is drawn from the global generator (manualSeed).
  const straightNet = smallNet();
  manualSeed(5);
  const straight = fit(straightNet, options());

  it('in memory: the history it returns, fresh callbacks, the optimizer named in the options', async () => {
    const net = smallNet();
    const controller = new AbortController();
    const base = options();
    // Aborted in the middle of epoch 2 (step 9 is its fourth batch).
    manualSeed(5);
    const first = await fit(net, {
      ...base,
      callbacks: [...base.callbacks!, abortAfter(9, controller)],
      signal: controller.signal,
    });
    expect(first.reason).toBe('aborted');
    expect(first.records).toHaveLength(1);
    expect(first.state).toMatchObject({ epoch: 1, batch: 4, step: 10 });
    // Resumed with new callback instances (the same kinds, in the same order), the global
    // generator elsewhere: the data order comes from the history's state.
    manualSeed(12345);
    const fresh = options();
    const resumed = await fit(net, {
      ...fresh,
      callbacks: [...fresh.callbacks!, abortAfter(-1, new AbortController())],
      resume: first,
    });
    const reference = await straight;
    expect(resumed.reason).toBe('completed');
    expect(weights(net)).toEqual(weights(straightNet)); // bit for bit
    expect(untimed(resumed)).toEqual(untimed(reference));
    expect(resumed.state.step).toBe(reference.state.step);
    // The schedule went on from where it was: epochs 3 and 4 ran at half the rate.
    expect(resumed.records.map((r) => r.lr)).toEqual([0.02, 0.02, 0.01, 0.01]);
  });

  it('from a signal aborted by a timer while fit runs (fit yields to the event loop)', async () => {
    const net = smallNet();
    const controller = new AbortController();
    const long = { ...options(), epochs: 100_000 };
    setTimeout(() => controller.abort(), 30);
    const first = await fit(net, { ...long, signal: controller.signal });
    expect(first.reason).toBe('aborted');
    expect(first.state.epoch).toBeLessThan(100_000);
    expect(first.state.step).toBeGreaterThan(0);
  });

  describe('through a checkpoint file, into a new network and optimizer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfnet-train-resume-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('goes on mid-epoch, bit for bit', async () => {
      const path = join(dir, 'run.safetensors');
      const controller = new AbortController();
      const fingerprint = { sizes: [2, 8, 1] };
      const net = smallNet();
      const base = options();
      manualSeed(5);
      const first = await fit(net, {
        ...base,
        optimizer: new Adam(net.parameters(), { lr: 0.02 }),
        callbacks: [
          ...base.callbacks!,
          checkpoint({ path, fingerprint }),
          abortAfter(16, controller),
        ],
        signal: controller.signal,
      });
      expect(first.reason).toBe('aborted');
      expect(first.state).toMatchObject({ epoch: 2, batch: 5, step: 17 });

      // Another process: a network and an optimizer made anew (other initial weights).
      const net2 = smallNet(99);
      const adam = new Adam(net2.parameters(), { lr: 0.02 });
      const saved = await loadCheckpoint(path, net2, adam, { fingerprint });
      expect(weights(net2)).toEqual(weights(net));
      const fresh = options();
      const resumed = await fit(net2, {
        ...fresh,
        optimizer: adam,
        callbacks: [
          ...fresh.callbacks!,
          checkpoint({ path, fingerprint }),
          abortAfter(-1, new AbortController()),
        ],
        resume: saved,
      });
      expect(weights(net2)).toEqual(weights(straightNet));
      expect(untimed(resumed)).toEqual(untimed(await straight));
    });

    it('refuses a checkpoint made with other settings, naming the setting', async () => {
      const path = join(dir, 'run.safetensors');
      const net = smallNet();
      await expect(
        loadCheckpoint(path, net, new Adam(net.parameters()), {
          fingerprint: { sizes: [2, 9, 1] },
        }),
      ).rejects.toThrow(/made with sizes = \[2,8,1\], this run has \[2,9,1\]/);
    });
  });

  it('refuses to resume with an optimizer that has not made the run’s steps', async () => {
    const net = smallNet();
    const controller = new AbortController();
    const base = options();
    const first = await fit(net, {
      ...base,
      callbacks: [...base.callbacks!, abortAfter(3, controller)],
      signal: controller.signal,
    });
    await expect(
      fit(net, { ...options(), optimizer: new Adam(net.parameters()), resume: first }),
    ).rejects.toThrow(/stopped after optimizer step 4 but this optimizer has made 0/);
  });
});

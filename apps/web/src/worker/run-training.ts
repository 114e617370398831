import { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { CELoss } from '@mfnet/losses';
import { Adam, type Optimizer, SGD } from '@mfnet/optim';
import { type Callback, fit } from '@mfnet/train';
import type { MnistData } from '../data/mnist.js';
import { evaluate } from './evaluate.js';
import type { EpochReport, StepProgress, TrainingConfig } from './protocol.js';
import { TrainingTimer } from './training-timer.js';

/** How often the loop reports progress, and at most how long it computes without yielding. */
const REPORT_MS = 250;
const YIELD_MS = 25;
/** The live test accuracy is measured on this many test images, five times an epoch. */
const QUICK_IMAGES = 1000;
const QUICK_PER_EPOCH = 5;

export interface RunTrainingOptions {
  /** Stops the run between two steps; the network keeps the weights it has then. */
  signal: AbortSignal;
  /** Resolves when training may go on (at once unless the user paused). */
  whilePaused: () => Promise<void>;
  onProgress: (progress: StepProgress) => void;
  /** After each epoch, with the whole test set's accuracy, confusion matrix and mistakes. */
  onEpoch: (report: EpochReport) => void;
}

function makeOptimizer(net: NeuralNetwork, config: TrainingConfig): Optimizer {
  if (config.optimizer === 'adam') return new Adam(net.parameters(), { lr: config.lr });
  return new SGD(net.parameters(), {
    lr: config.lr,
    ...(config.optimizer === 'momentum' ? { momentum: 0.9 } : {}),
  });
}

/**
 * The page's training: `@mfnet/train`'s `fit` with cross-entropy, the chosen optimizer and
 * shuffled mini-batches (seeded), for `config.epochs` passes. `fit` yields to the worker's event
 * loop every few milliseconds, so that pause, stop and classify messages are handled while it
 * runs; stop is its AbortSignal, pause a per-batch callback that `fit` awaits. The times reported
 * are the worker's own (TrainingTimer): pauses and test-set evaluations are not training time.
 */
export async function runTraining(
  net: NeuralNetwork,
  config: TrainingConfig,
  data: MnistData,
  options: RunTrainingOptions,
  timer = new TrainingTimer(),
): Promise<EpochReport[]> {
  const { backend, dtype } = net.parameters()[0]!.value;
  const loader = new DataLoader(data.trainX, data.trainY, {
    batchSize: config.batchSize,
    seed: config.seed,
    backend,
    dtype,
  });
  const history: EpochReport[] = [];
  try {
    await fit(net, {
      data: loader,
      loss: new CELoss(),
      optimizer: makeOptimizer(net, config),
      epochs: config.epochs,
      signal: options.signal,
      yieldEveryMs: YIELD_MS,
      callbacks: [
        pageProgress(net, data, options, timer),
        {
          name: 'epochReports',
          async onEpochEnd(record) {
            const evaluation = await timer.setAside(() =>
              evaluate(net, data.testX, data.testLabels),
            );
            const report: EpochReport = {
              epoch: record.epoch,
              trainLoss: record.trainLoss,
              // Not fit's record.seconds: that includes the time the user paused.
              seconds: timer.epochSeconds(),
              ...evaluation,
            };
            history.push(report);
            options.onEpoch(report);
          },
        },
      ],
    });
  } finally {
    loader.dispose();
  }
  return history;
}

/**
 * Progress for the page: the mean loss and the steps per second every REPORT_MS of training (and
 * at an epoch's last step), a quick test accuracy five times an epoch, and the pause: after each
 * step it waits while the user has paused. The quick accuracy and the pause are off the clock.
 */
function pageProgress(
  net: NeuralNetwork,
  data: MnistData,
  options: RunTrainingOptions,
  timer: TrainingTimer,
): Callback {
  let windowLoss = 0;
  let windowSteps = 0;
  let quickAccuracy: number | undefined;
  return {
    name: 'pageProgress',
    onEpochBegin() {
      windowLoss = 0;
      windowSteps = 0;
      quickAccuracy = undefined;
      timer.beginEpoch();
    },
    async onBatchEnd(event, ctx) {
      timer.step();
      const steps = ctx.batchesPerEpoch;
      windowLoss += event.loss;
      windowSteps++;
      if (event.batch % Math.max(1, Math.ceil(steps / QUICK_PER_EPOCH)) === 0) {
        quickAccuracy = await timer.setAside(
          () => evaluate(net, data.testX, data.testLabels, QUICK_IMAGES).accuracy,
        );
      }
      if (timer.windowMs() >= REPORT_MS || event.batch === steps) {
        const run = timer.run();
        options.onProgress({
          epoch: event.epoch,
          step: event.batch,
          steps,
          loss: windowLoss / windowSteps,
          stepsPerSecond: timer.takeWindow(),
          runSteps: run.steps,
          runMs: run.ms,
          ...(quickAccuracy === undefined ? {} : { quickAccuracy }),
        });
        quickAccuracy = undefined;
        windowLoss = 0;
        windowSteps = 0;
      }
      await timer.setAside(options.whilePaused);
    },
  };
}

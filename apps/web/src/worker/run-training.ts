import { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { CELoss } from '@mfnet/losses';
import { Adam, type Optimizer, SGD } from '@mfnet/optim';
import type { MnistData } from '../data/mnist.js';
import { evaluate } from './evaluate.js';
import type { EpochReport, StepProgress, TrainingConfig } from './protocol.js';
import { nextTask } from './yield.js';

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
 * The page's whole training loop, in one function: cross-entropy, the chosen optimizer,
 * shuffled mini-batches (seeded), `config.epochs` passes; forward, loss, backward, step for each
 * batch (Sec. 2 and 5). It yields to the worker's event loop every few milliseconds, so that
 * pause, stop and classify messages are handled while it runs.
 *
 * This is the one place that `@mfnet/train`'s `fit(net, { data, loss, optimizer, epochs,
 * validation, metrics, callbacks, signal })` replaces once it lands: the same inputs, the
 * per-step and per-epoch callbacks as fit's callbacks, the returned reports as fit's history.
 */
export async function runTraining(
  net: NeuralNetwork,
  config: TrainingConfig,
  data: MnistData,
  options: RunTrainingOptions,
): Promise<EpochReport[]> {
  const { backend, dtype } = net.parameters()[0]!.value;
  const loss = new CELoss();
  const optimizer = makeOptimizer(net, config);
  const loader = new DataLoader(data.trainX, data.trainY, {
    batchSize: config.batchSize,
    seed: config.seed,
    backend,
    dtype,
  });
  const steps = loader.length;
  const quickEvery = Math.max(1, Math.ceil(steps / QUICK_PER_EPOCH));
  const history: EpochReport[] = [];
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    const start = performance.now();
    let epochLoss = 0;
    let samples = 0;
    let step = 0;
    let windowLoss = 0;
    let windowSteps = 0;
    let windowStart = start;
    let lastYield = start;
    let quickAccuracy: number | undefined;
    for (const { x, y } of loader.batches(epoch - 1)) {
      net.zeroGrad();
      const value = loss.forward(net.forward(x), y);
      net.backward(loss.grad(), { inputGradient: false });
      optimizer.step();
      epochLoss += value * x.cols;
      samples += x.cols;
      windowLoss += value;
      windowSteps++;
      step++;
      if (step % quickEvery === 0) {
        quickAccuracy = evaluate(net, data.testX, data.testLabels, QUICK_IMAGES).accuracy;
      }
      const now = performance.now();
      if (now - windowStart >= REPORT_MS || step === steps) {
        options.onProgress({
          epoch,
          step,
          steps,
          loss: windowLoss / windowSteps,
          stepsPerSecond: (windowSteps * 1000) / (now - windowStart),
          ...(quickAccuracy === undefined ? {} : { quickAccuracy }),
        });
        quickAccuracy = undefined;
        windowLoss = 0;
        windowSteps = 0;
        windowStart = now;
      }
      if (now - lastYield >= YIELD_MS) {
        await nextTask();
        const paused = performance.now();
        await options.whilePaused();
        // Time spent paused is not training time.
        windowStart += performance.now() - paused;
        lastYield = performance.now();
      }
      if (options.signal.aborted) return history;
    }
    const report: EpochReport = {
      epoch,
      trainLoss: epochLoss / samples,
      seconds: (performance.now() - start) / 1000,
      ...evaluate(net, data.testX, data.testLabels),
    };
    history.push(report);
    options.onEpoch(report);
    await nextTask();
  }
  return history;
}

import { dirname } from 'node:path';
import type { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import type { Loss } from '@mfnet/losses';
import { clipGradNorm, type Optimizer } from '@mfnet/optim';
import { type CheckpointState, saveCheckpoint } from './checkpoint.js';
import { type ChanceLevel, divergedError, divergenceWarning, isNonFinite } from './divergence.js';
import { releaseOutputDir } from './output-dir.js';
import { ProgressBar } from './progress.js';
import { type EpochRecord, printEpoch, type ReportMode } from './reporter.js';

export interface TrainLoopOptions {
  net: NeuralNetwork;
  loss: Loss;
  optimizer: Optimizer;
  loader: DataLoader;
  epochs: number;
  /** Clip the global gradient norm before each step (for optimizers without their own clipping). */
  clipGlobalNorm?: number;
  /** The test metrics after an epoch, e.g. { accuracy } or { rmse, r2 }. */
  evaluate: () => Record<string, number>;
  /** How metrics are printed on a line. */
  metricFormat: Record<string, (v: number) => string>;
  mode: ReportMode;
  /** Where to write a checkpoint after every epoch, and what a resume must match. */
  checkpoint?: { path: string; fingerprint: Record<string, unknown> };
  /** Progress so far (from a resumed checkpoint). */
  resumeFrom?: CheckpointState;
  /** A metric's value for guessing (accuracy 1/classes): an epoch near it gets a warning. */
  chance?: ChanceLevel;
  /**
   * Where divergence warnings go (besides stderr), each naming its epoch; `prepareTraining`
   * gives one holding the resumed checkpoint's, for the app to put into metrics.json.
   */
  warnings?: string[];
  /** Called after every optimizer step with that batch's loss (the step counts from 0). */
  onStep?: (loss: number, step: number, indices: Uint32Array) => void;
  /** Called after each epoch (after its checkpoint is written). */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
}

/**
 * The training loop of the apps (Sec. 2 and 5): for each batch, forward, loss, backward,
 * optimizer step; after each epoch, evaluate, report, checkpoint. Epoch e always visits the
 * batches `loader.batches(e)`, so a resumed run sees exactly the batches an uninterrupted one
 * would have seen. A NaN or infinite loss or gradient stops the run with a `DivergedError`
 * naming the epoch; a finite divergence is a warning on stderr and in `options.warnings`.
 */
export async function trainLoop(options: TrainLoopOptions): Promise<EpochRecord[]> {
  try {
    return await runEpochs(options);
  } catch (error) {
    // A run that stops lets go of its output directory (see `claimOutputDir`).
    if (options.checkpoint !== undefined) await releaseOutputDir(dirname(options.checkpoint.path));
    throw error;
  }
}

async function runEpochs(options: TrainLoopOptions): Promise<EpochRecord[]> {
  const { net, loss, optimizer, loader, epochs, mode } = options;
  const history = [...(options.resumeFrom?.history ?? [])];
  const first = options.resumeFrom?.epoch ?? 0;
  let startLoss = options.resumeFrom?.startLoss;
  const warnings = options.warnings ?? [...(options.resumeFrom?.warnings ?? [])];
  for (let epoch = first; epoch < epochs; epoch++) {
    const bar = new ProgressBar(`epoch ${epoch + 1}/${epochs}`, loader.length);
    const start = performance.now();
    let total = 0;
    let samples = 0;
    let done = 0;
    loss.step = epoch * loader.length;
    for (const { x, y, indices } of loader.batches(epoch)) {
      try {
        net.zeroGrad();
        const value = loss.forward(net.forward(x), y);
        startLoss ??= value;
        net.backward(loss.grad(), { inputGradient: false });
        if (options.clipGlobalNorm !== undefined)
          clipGradNorm(optimizer.parameters, options.clipGlobalNorm);
        optimizer.step();
        options.onStep?.(value, loss.step - 1, indices);
        total += value * x.cols;
      } catch (error) {
        if (!isNonFinite(error)) throw error;
        bar.finish();
        throw divergedError(error, {
          epoch: epoch + 1,
          batch: done + 1,
          batches: loader.length,
          lr: optimizer.lr,
          ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint.path }),
        });
      }
      samples += x.cols;
      done++;
      if (mode === 'tty') bar.update(done, samples, total / samples);
    }
    bar.finish();
    const seconds = (performance.now() - start) / 1000;
    const record: EpochRecord = {
      epoch: epoch + 1,
      trainLoss: total / samples,
      seconds,
      lr: optimizer.lr,
      ...options.evaluate(),
    };
    const warning = divergenceWarning(
      record,
      startLoss ?? record.trainLoss,
      optimizer.lr,
      options.chance,
    );
    if (warning !== undefined) {
      warnings.push(warning);
      process.stderr.write(`warning: ${warning}\n`);
    }
    history.push(record);
    printEpoch(mode, record, epochs, options.metricFormat);
    if (options.checkpoint !== undefined) {
      await saveCheckpoint(options.checkpoint.path, net, optimizer, {
        epoch: epoch + 1,
        history,
        fingerprint: options.checkpoint.fingerprint,
        startLoss: startLoss ?? record.trainLoss,
        warnings,
      });
    }
    await options.onEpoch?.(record);
  }
  return history;
}

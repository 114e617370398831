import { join } from 'node:path';
import type { Batch, DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import type { Loss } from '@mfnet/losses';
import type { Optimizer } from '@mfnet/optim';
import type { TrainingConfig } from './app.js';
import { type CheckpointState, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { type ChanceLevel, divergedError, divergenceWarning, isNonFinite } from './divergence.js';
import { UsageError } from './options.js';
import { claimOutputDir, releaseOutputDir } from './output-dir.js';
import { ProgressBar } from './progress.js';
import { type EpochRecord, printEpoch } from './reporter.js';
import type { Session } from './session.js';

/** What a run trains, as the app built it, and how its epochs are reported. */
export interface RunSetup {
  net: NeuralNetwork;
  loss: Loss;
  optimizer: Optimizer;
  loader: DataLoader;
  /** The layer sizes, for the log line. */
  sizes: readonly number[];
  /** How each test metric is printed on an epoch's line, e.g. { accuracy: (v) => `…` }. */
  metricFormat: Record<string, (v: number) => string>;
  /** A metric's value for guessing (accuracy 1/classes): an epoch near it gets a warning. */
  chance?: ChanceLevel;
}

/**
 * Everything around an app's epoch loop that is not training: the output directory held for the
 * run, `--resume`, the progress bar, the epoch reports, the divergence checks and a checkpoint
 * after every epoch. The loop itself stays in the app:
 *
 * ```ts
 * try {
 *   for (let epoch = run.firstEpoch; epoch < config.epochs; epoch++) {
 *     for (const { x, y } of run.batches(epoch)) {
 *       …forward, loss, backward, optimizer step…
 *       run.stepDone(value, x.cols);
 *     }
 *     await run.epochDone(evaluate());
 *   }
 * } catch (error) {
 *   throw await run.failed(error);
 * }
 * ```
 *
 * Epoch e always visits the batches `loader.batches(e)`, so a resumed run sees exactly the
 * batches an uninterrupted one would have seen.
 */
export class TrainingRun {
  /** Every epoch's record, the resumed checkpoint's first. */
  readonly history: EpochRecord[];
  /** Divergence warnings (the resumed checkpoint's, then this run's), for metrics.json. */
  readonly warnings: string[];
  /** The first epoch to run (0, or the number of epochs a resumed checkpoint holds). */
  readonly firstEpoch: number;
  private startLoss: number | undefined;
  private epoch = 0;
  private done = 0;
  private samples = 0;
  private total = 0;
  private seconds = 0;
  private bar: ProgressBar | undefined;

  constructor(
    private readonly session: Session,
    private readonly setup: RunSetup,
    private readonly epochs: number,
    private readonly checkpoint: { path: string; fingerprint: Record<string, unknown> },
    from?: CheckpointState,
  ) {
    this.history = [...(from?.history ?? [])];
    this.warnings = [...(from?.warnings ?? [])];
    this.firstEpoch = from?.epoch ?? 0;
    this.startLoss = from?.startLoss;
  }

  /** The batches of epoch `epoch` (counted from 0), with a progress bar on a terminal. */
  *batches(epoch: number): Generator<Batch> {
    const { loader, loss } = this.setup;
    this.epoch = epoch;
    this.done = 0;
    this.samples = 0;
    this.total = 0;
    this.bar = new ProgressBar(`epoch ${epoch + 1}/${this.epochs}`, loader.length);
    const start = performance.now();
    // A NaN loss names its step: count the steps from the run's start.
    loss.step = epoch * loader.length;
    yield* loader.batches(epoch);
    this.bar.finish();
    this.seconds = (performance.now() - start) / 1000;
  }

  /** After each optimizer step: the batch's loss and its number of samples. */
  stepDone(loss: number, samples: number): void {
    this.startLoss ??= loss;
    this.total += loss * samples;
    this.samples += samples;
    this.done++;
    if (this.session.mode === 'tty')
      this.bar?.update(this.done, this.samples, this.total / this.samples);
  }

  /**
   * After each epoch, with its test metrics: prints the epoch's line, warns of a finite
   * divergence (a loss far above the first batch's, or a chance-level metric) on stderr and in
   * `warnings`, and writes the checkpoint.
   */
  async epochDone(metrics: Record<string, number>): Promise<EpochRecord> {
    const { net, optimizer, metricFormat, chance } = this.setup;
    const record: EpochRecord = {
      epoch: this.epoch + 1,
      trainLoss: this.total / this.samples,
      seconds: this.seconds,
      lr: optimizer.lr,
      ...metrics,
    };
    const startLoss = this.startLoss ?? record.trainLoss;
    const warning = divergenceWarning(record, startLoss, optimizer.lr, chance);
    if (warning !== undefined) {
      this.warnings.push(warning);
      process.stderr.write(`warning: ${warning}\n`);
    }
    this.history.push(record);
    printEpoch(this.session.mode, record, this.epochs, metricFormat);
    await saveCheckpoint(this.checkpoint.path, net, optimizer, {
      epoch: this.epoch + 1,
      history: this.history,
      fingerprint: this.checkpoint.fingerprint,
      startLoss,
      warnings: this.warnings,
    });
    return record;
  }

  /**
   * The error a run that stopped throws: a NaN or infinite loss or gradient becomes a
   * `DivergedError` naming the epoch and batch with advice the command line can follow; any
   * other error stays as it is. Either way the run lets go of its output directory.
   */
  async failed(error: unknown): Promise<unknown> {
    this.bar?.finish();
    await releaseOutputDir(this.session.outDir);
    if (!isNonFinite(error)) return error;
    return divergedError(error, {
      epoch: this.epoch + 1,
      batch: this.done + 1,
      batches: this.setup.loader.length,
      lr: this.setup.optimizer.lr,
      checkpoint: this.checkpoint.path,
    });
  }
}

/**
 * Starts a run in the session's output directory: claims it (created, writable, not in use by
 * another live run: see `claimOutputDir`), logs the network and, with `--resume`, restores the
 * checkpoint there into the network and the optimizer. The checkpoint's fingerprint is the whole
 * configuration but the number of epochs, the learning rate (so a diverged run can go on from its
 * last checkpoint with a lower one) and the output settings, so a resume with other settings is
 * refused. `--epochs` counts every epoch, resumed ones included. The claim is let go when the
 * run's outputs are written (`writeRunOutputs`), or when the run fails (`TrainingRun.failed`).
 */
export async function startRun(
  session: Session,
  config: TrainingConfig,
  setup: RunSetup,
): Promise<TrainingRun> {
  const claim = await claimOutputDir(session.outDir);
  try {
    return await resumeOrStart(session, config, setup);
  } catch (error) {
    await claim.release();
    throw error;
  }
}

async function resumeOrStart(
  session: Session,
  config: TrainingConfig,
  setup: RunSetup,
): Promise<TrainingRun> {
  const { backend, dtype, outDir, log } = session;
  const { net, optimizer } = setup;
  const lr = optimizer.lr;
  log(
    `network ${setup.sizes.join('-')} ${config.activation}, ${config.optimizer} lr ${lr}, batch ${config.batchSize}, ${backend.name}${(backend.raw as { threaded?: boolean }).threaded === true ? ' (2 threads)' : ''} ${dtype}`,
  );
  const fingerprint: Record<string, unknown> = {
    ...config,
    dtype,
    epochs: undefined,
    lr: undefined, // may change on resume: each epoch's record keeps its own
    threads: undefined, // 1 or 2 threads give the same results
    json: undefined,
    resume: undefined,
    out: undefined,
  };
  const checkpoint = { path: join(outDir, 'checkpoint.safetensors'), fingerprint };
  if (!config.resume) return new TrainingRun(session, setup, config.epochs, checkpoint);
  const from = await loadCheckpoint(checkpoint.path, net, optimizer, fingerprint);
  if (from.epoch > config.epochs) {
    throw new UsageError(
      `--epochs ${config.epochs}: the checkpoint ${checkpoint.path} already holds ${from.epoch} ` +
        `epochs, and --epochs counts them all; ask for --epochs ${from.epoch} or more`,
    );
  }
  const lastLr = from.history.at(-1)?.lr;
  log(
    `resuming after epoch ${from.epoch}${lastLr !== undefined && lastLr !== lr ? ` with lr ${lr} (was ${lastLr})` : ''}`,
  );
  return new TrainingRun(session, setup, config.epochs, checkpoint, from);
}

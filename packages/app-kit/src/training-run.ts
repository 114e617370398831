import { join } from 'node:path';
import type { NeuralNetwork } from '@mfnet/layers';
import type { Optimizer } from '@mfnet/optim';
import {
  type Callback,
  CheckpointError,
  checkpoint,
  divergenceWarnings,
  type EpochRecord,
  type History,
  loadCheckpoint,
  type MetricFormat,
  type ResumePoint,
  TrainingDivergedError,
  terminalProgress,
} from '@mfnet/train/node';
import type { TrainingConfig } from './app.js';
import { divergedError, warningForCli } from './divergence.js';
import { UsageError } from './options.js';
import { claimOutputDir, releaseOutputDir } from './output-dir.js';
import type { Session } from './session.js';

/** What a run trains, as the app built it, and how its epochs are reported. */
export interface RunSetup {
  net: NeuralNetwork;
  optimizer: Optimizer;
  /** The layer sizes, for the log line. */
  sizes: readonly number[];
  /** How each test metric is printed on an epoch's line, e.g. { accuracy: (v) => `…` }. */
  metricFormat: MetricFormat;
  /** A metric's value for guessing (accuracy 1/classes): an epoch near it gets a warning. */
  chance?: { metric: string; value: number };
}

/**
 * Everything around an app's `fit` that is not training: the output directory held for the run,
 * `--resume`, and the callbacks for the terminal (progress bar and epoch lines), the divergence
 * warnings and a checkpoint after every epoch:
 *
 * ```ts
 * const run = await startRun(session, config, { net, optimizer, sizes, metricFormat });
 * await run.finish(fit(net, { …, ...run.resumeFrom, callbacks: [mine, ...run.callbacks] }));
 * ```
 */
export class TrainingRun {
  /** Every epoch's record, the resumed checkpoint's first (filled in by `finish`). */
  history: EpochRecord[] = [];
  /** Divergence warnings (the resumed checkpoint's, then this run's), for metrics.json. */
  readonly warnings: string[];
  /** The callbacks the command line adds to `fit`'s. */
  readonly callbacks: readonly Callback[];
  /** `fit`'s `resume` option with `--resume` (the checkpoint's state, this run's --lr), else none. */
  readonly resumeFrom: { resume?: ResumePoint };

  constructor(
    private readonly session: Session,
    setup: RunSetup,
    private readonly checkpointPath: string,
    fingerprint: Record<string, unknown>,
    resume?: ResumePoint,
    warnings: readonly string[] = [],
  ) {
    this.resumeFrom = resume === undefined ? {} : { resume };
    this.warnings = [...warnings];
    const { optimizer, metricFormat, chance } = setup;
    this.callbacks = [
      divergenceWarnings({
        ...(chance === undefined ? {} : { chance }),
        onWarning: (warning) => {
          const words = warningForCli(warning, optimizer.lr);
          this.warnings.push(words);
          process.stderr.write(`warning: ${words}\n`);
        },
      }),
      terminalProgress({ mode: session.mode, format: metricFormat }),
      checkpoint({
        path: checkpointPath,
        fingerprint,
        extra: () => ({ warnings: this.warnings }),
      }),
    ];
  }

  /**
   * Awaits the app's `fit`. A run that stops lets go of its output directory, and a NaN or
   * infinite loss or gradient becomes a `DivergedError` with advice the command line can follow.
   */
  async finish(training: Promise<History>): Promise<History> {
    try {
      const history = await training;
      this.history = history.records;
      return history;
    } catch (error) {
      if (this.session.mode === 'tty' && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      await releaseOutputDir(this.session.outDir);
      if (error instanceof TrainingDivergedError) throw divergedError(error, this.checkpointPath);
      throw error;
    }
  }
}

/**
 * Starts a run in the session's output directory: claims it (created, writable, not in use by
 * another live run: see `claimOutputDir`), logs the network and, with `--resume`, restores the
 * checkpoint there into the network and the optimizer. The checkpoint's fingerprint is the whole
 * configuration but the number of epochs, the learning rate (so a diverged run can go on from its
 * last checkpoint with a lower one) and the output settings, so a resume with other settings is
 * refused. `--epochs` counts every epoch, resumed ones included. The claim is let go when the
 * run's outputs are written (`writeRunOutputs`), or when the run fails (`TrainingRun.finish`).
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
  const path = join(outDir, 'checkpoint.safetensors');
  if (!config.resume) return new TrainingRun(session, setup, path, fingerprint);
  const from = await loadCheckpoint(path, net, optimizer, { fingerprint }).catch(
    (error: unknown) => {
      throw error instanceof CheckpointError ? forResume(error) : error;
    },
  );
  const epochs = from.state.epoch;
  if (epochs > config.epochs) {
    throw new UsageError(
      `--epochs ${config.epochs}: the checkpoint ${path} already holds ${epochs} ` +
        `epochs, and --epochs counts them all; ask for --epochs ${epochs} or more`,
    );
  }
  const lastLr = from.state.records.at(-1)?.lr;
  log(
    `resuming after epoch ${epochs}${lastLr !== undefined && lastLr !== lr ? ` with lr ${lr} (was ${lastLr})` : ''}`,
  );
  const warnings = from.metadata.warnings;
  const saved = Array.isArray(warnings) ? warnings.filter((w) => typeof w === 'string') : [];
  // `fit` goes on with the resume point's learning rate: this run's --lr.
  const resume = { optimizer: from.optimizer, state: { ...from.state, lr } };
  return new TrainingRun(session, setup, path, fingerprint, resume, saved);
}

/** A checkpoint's refusal as the command line says it: `--resume: <file>: …`. */
function forResume(error: CheckpointError): CheckpointError {
  const advice = error.field === 'fingerprint' ? ' (only --epochs and --lr may change)' : '';
  return new CheckpointError(`--resume: ${error.message}${advice}`, error.file, error.field);
}

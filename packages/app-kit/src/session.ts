import { join } from 'node:path';
import type { DataLoaderOptions, MatrixInput } from '@mfnet/data';
import { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import type { Optimizer } from '@mfnet/optim';
import { type Backend, type DType, manualSeed } from '@mfnet/tensor';
import { buildNetwork, buildOptimizer, makeBackend, type TrainingConfig, userPath } from './app.js';
import { type CheckpointState, loadCheckpoint } from './checkpoint.js';
import { checkDataFitsNetwork } from './data-fits-network.js';
import { UsageError } from './options.js';
import { claimOutputDir } from './output-dir.js';
import { type ReportMode, reportMode } from './reporter.js';

/** Where and how an app run computes and reports. */
export interface Session {
  backend: Backend;
  dtype: DType;
  outDir: string;
  mode: ReportMode;
  /** Prints a line for a person (nothing in --json mode, whose stdout is one object per epoch). */
  log: (line: string) => void;
}

export async function openSession(
  config: Pick<TrainingConfig, 'backend' | 'threads' | 'dtype' | 'out' | 'json'>,
): Promise<Session> {
  const backend = await makeBackend(config.backend, { threads: config.threads });
  const dtype: DType =
    config.dtype === 'auto'
      ? backend.dtypes.includes('float64')
        ? 'float64'
        : 'float32'
      : config.dtype;
  const mode = reportMode(config.json);
  return {
    backend,
    dtype,
    outDir: userPath(config.out),
    mode,
    log: (line) => {
      if (mode !== 'json') process.stdout.write(`${line}\n`);
    },
  };
}

/** Everything a run trains with, ready for `trainLoop`. */
export interface Training {
  net: NeuralNetwork;
  optimizer: Optimizer;
  loader: DataLoader;
  clipGlobalNorm?: number;
  checkpoint: { path: string; fingerprint: Record<string, unknown> };
  resumeFrom?: CheckpointState;
  /** Divergence warnings (the resumed checkpoint's, then `trainLoop` adds), for metrics.json. */
  warnings: string[];
}

/**
 * Claims the output directory for this run (created, writable, not in use by another live run:
 * see `claimOutputDir`), builds the network (seeded by `config.seed`), the optimizer and the
 * loader over the training data, and, with `--resume`, restores the checkpoint in the output
 * directory. The checkpoint's fingerprint is the whole configuration but the number of epochs,
 * the learning rate (so a diverged run can go on from its last checkpoint with a lower one) and
 * the output settings, so a resume with other settings is refused. `--epochs` counts every epoch,
 * resumed ones included. The claim is let go when the run's outputs are written, or when it fails.
 */
export async function prepareTraining(
  session: Session,
  config: TrainingConfig,
  sizes: readonly number[],
  train: { x: MatrixInput; y: MatrixInput },
): Promise<Training> {
  checkDataFitsNetwork(train, sizes);
  const claim = await claimOutputDir(session.outDir);
  try {
    return await buildTraining(session, config, sizes, train);
  } catch (error) {
    await claim.release();
    throw error;
  }
}

async function buildTraining(
  session: Session,
  config: TrainingConfig,
  sizes: readonly number[],
  train: { x: MatrixInput; y: MatrixInput },
): Promise<Training> {
  const { backend, dtype, outDir, log } = session;
  manualSeed(config.seed);
  const net = buildNetwork(sizes, config.activation, { backend, dtype });
  const { optimizer, clipGlobalNorm, lr } = buildOptimizer(net, config);
  const loaderOptions: DataLoaderOptions = {
    batchSize: config.batchSize,
    seed: config.seed,
    backend,
    dtype,
  };
  const loader = new DataLoader(train.x, train.y, loaderOptions);
  log(
    `network ${sizes.join('-')} ${config.activation}, ${config.optimizer} lr ${lr}, batch ${config.batchSize}, ${backend.name}${(backend.raw as { threaded?: boolean }).threaded === true ? ' (2 threads)' : ''} ${dtype}`,
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
  const training: Training = { net, optimizer, loader, checkpoint, warnings: [] };
  if (clipGlobalNorm !== undefined) training.clipGlobalNorm = clipGlobalNorm;
  if (config.resume) {
    const from = await loadCheckpoint(checkpoint.path, net, optimizer, fingerprint);
    if (from.epoch > config.epochs) {
      throw new UsageError(
        `--epochs ${config.epochs}: the checkpoint ${checkpoint.path} already holds ${from.epoch} ` +
          `epochs, and --epochs counts them all; ask for --epochs ${from.epoch} or more`,
      );
    }
    training.resumeFrom = from;
    training.warnings.push(...from.warnings);
    const lastLr = from.history.at(-1)?.lr;
    log(
      `resuming after epoch ${from.epoch}${lastLr !== undefined && lastLr !== lr ? ` with lr ${lr} (was ${lastLr})` : ''}`,
    );
  }
  return training;
}

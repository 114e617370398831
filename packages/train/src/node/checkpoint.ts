import { readFile } from 'node:fs/promises';
import { decodeSafetensors, encodeSafetensors, type NeuralNetwork } from '@mfnet/layers';
import type { Optimizer } from '@mfnet/optim';
import { MfnetError, type Tensor } from '@mfnet/tensor';
import { writeFileAtomic } from '@mfnet/tensor/node';
import type { Callback } from '../callbacks/callback.js';
import type { ResumePoint, TrainingState } from '../history.js';
import { CHECKSUM_FIELD, checkpointSha256 } from './checkpoint-checksum.js';
import { CheckpointError } from './checkpoint-error.js';
import { CHECKPOINT_FORMAT, parseCheckpointMetadata } from './checkpoint-metadata.js';

const MODEL = 'model.';
const OPTIM = 'optim.';

export interface SaveCheckpointOptions {
  /** The settings a resume must match (architecture, data, seed…), compared field by field. */
  fingerprint?: Record<string, unknown>;
  /** Fields of the caller's own (JSON), given back by `loadCheckpoint`. */
  metadata?: Record<string, unknown>;
}

/** What `loadCheckpoint` gives: a resume point for `fit`, and the saved fields. */
export interface Checkpoint extends ResumePoint {
  optimizer: Optimizer;
  fingerprint: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/**
 * Writes the network's weights, the optimizer's state and the training state (`fit`'s
 * `history.state`, or `ctx.state()` in a callback) into one safetensors file, atomically: a kill
 * at any moment leaves the previous checkpoint or the new one, never a torn file. The metadata
 * carries a SHA-256 of the tensor bytes and the other fields, so a damaged file is refused.
 */
export async function saveCheckpoint(
  path: string,
  net: NeuralNetwork,
  optimizer: Optimizer,
  state: TrainingState,
  options: SaveCheckpointOptions = {},
): Promise<void> {
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of net.stateDict()) tensors.set(MODEL + name, t);
  const optim = optimizer.stateDict();
  for (const [name, t] of Object.entries(optim.tensors)) tensors.set(OPTIM + name, t);
  const metadata = {
    format: CHECKPOINT_FORMAT,
    optimizerStep: String(optim.step),
    state: JSON.stringify({ ...state, step: optim.step }),
    fingerprint: JSON.stringify(options.fingerprint ?? {}),
    metadata: JSON.stringify(options.metadata ?? {}),
  };
  // The tensor bytes do not depend on the metadata: hash them from a first encoding.
  const sha256 = checkpointSha256(encodeSafetensors(tensors, { metadata }), metadata);
  await writeFileAtomic(
    path,
    encodeSafetensors(tensors, { metadata: { ...metadata, [CHECKSUM_FIELD]: sha256 } }),
  );
}

export interface LoadCheckpointOptions {
  /** This run's settings: a checkpoint made with others is refused, naming the first that differs. */
  fingerprint?: Record<string, unknown>;
}

/**
 * Restores a checkpoint into `net` and `optimizer` (made as for the saved run) and returns the
 * resume point for `fit(net, { …, resume })`. Refuses, before changing any weight, a checkpoint
 * that is unreadable, damaged (a metadata field, or the checksum) or made with other settings;
 * every refusal is a CheckpointError naming the file.
 */
export async function loadCheckpoint(
  path: string,
  net: NeuralNetwork,
  optimizer: Optimizer,
  options: LoadCheckpointOptions = {},
): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CheckpointError(
      `cannot read the checkpoint ${path}: ${(error as Error).message}`,
      path,
    );
  }
  const dtype = net.parameters()[0]?.value.dtype;
  const { tensors, metadata } = naming(path, () =>
    decodeSafetensors(bytes, dtype === undefined ? {} : { dtype }),
  );
  const meta = parseCheckpointMetadata(path, metadata);
  const sha256 = checkpointSha256(bytes, metadata);
  if (sha256 !== meta.sha256) {
    throw new CheckpointError(
      `${path}: the content's SHA-256 is ${sha256} but the checkpoint records ${meta.sha256} ` +
        `(metadata field "${CHECKSUM_FIELD}"): its weights or metadata are damaged; restore the ` +
        'file or start a new run',
      path,
      CHECKSUM_FIELD,
    );
  }
  if (options.fingerprint !== undefined)
    checkFingerprint(path, meta.fingerprint, options.fingerprint);
  const model = new Map<string, Tensor>();
  const optim: Record<string, Tensor> = {};
  for (const [name, t] of tensors) {
    if (name.startsWith(MODEL)) model.set(name.slice(MODEL.length), t);
    else if (name.startsWith(OPTIM)) optim[name.slice(OPTIM.length)] = t;
  }
  naming(path, () => net.loadStateDict(model));
  naming(path, () => optimizer.loadStateDict({ step: meta.optimizerStep, tensors: optim }));
  return { state: meta.state, optimizer, fingerprint: meta.fingerprint, metadata: meta.metadata };
}

export interface CheckpointOptions extends SaveCheckpointOptions {
  path: string;
  /** Write after every `every` epochs, and after the last (default 1). */
  every?: number;
  /** Also write when the run is aborted or stopped, mid-epoch included (default true). */
  onStop?: boolean;
  /** Fields of the caller's own, asked for at each write (e.g. divergence warnings so far). */
  extra?: () => Record<string, unknown>;
}

/**
 * Checkpoints a `fit` run into `path` (see `saveCheckpoint`): after every `every` epochs and the
 * last, and (unless `onStop` is false) where an abort or a callback stopped it, so that
 * `loadCheckpoint` + `fit(…, { resume })` go on from there, bit for bit.
 */
export function checkpoint(options: CheckpointOptions): Callback {
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) {
    throw new CheckpointError(
      `checkpoint: every must be a positive integer, got ${every}`,
      options.path,
    );
  }
  const save = (ctx: Parameters<NonNullable<Callback['afterEpoch']>>[1]) =>
    saveCheckpoint(options.path, ctx.net, ctx.optimizer, ctx.state(), {
      ...(options.fingerprint === undefined ? {} : { fingerprint: options.fingerprint }),
      metadata: { ...options.metadata, ...options.extra?.() },
    });
  return {
    name: 'checkpoint',
    async afterEpoch(record, ctx) {
      if (record.epoch % every === 0 || record.epoch === ctx.epochs) await save(ctx);
    },
    async onTrainEnd(history, ctx) {
      if (history.reason !== 'completed' && options.onStop !== false) await save(ctx);
    },
  };
}

/** Refuses a checkpoint whose settings differ from this run's, naming the first that does. */
function checkFingerprint(
  path: string,
  saved: Record<string, unknown>,
  fingerprint: Record<string, unknown>,
): void {
  const shown = (v: unknown): string => (v === undefined ? '(not set)' : JSON.stringify(v));
  const k = Object.keys({ ...saved, ...fingerprint }).find(
    (key) => JSON.stringify(saved[key]) !== JSON.stringify(fingerprint[key]),
  );
  if (k === undefined) return;
  throw new CheckpointError(
    `${path} was made with ${k} = ${shown(saved[k])}, this run has ${shown(fingerprint[k])}; ` +
      'resume with the same settings or start a new run',
    path,
    'fingerprint',
  );
}

/** Runs `f`, putting the checkpoint's path in front of any mfnet error it throws. */
function naming<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof MfnetError && !(error instanceof CheckpointError)) {
      throw new CheckpointError(`${path}: ${error.message}`, path);
    }
    throw error;
  }
}

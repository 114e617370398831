import { readFile } from 'node:fs/promises';
import { decodeSafetensors, encodeSafetensors, type NeuralNetwork } from '@mfnet/layers';
import type { Optimizer } from '@mfnet/optim';
import { MfnetError, type Tensor } from '@mfnet/tensor';
import { writeFileAtomic } from '@mfnet/tensor/node';
import { CHECKSUM_FIELD, checkpointSha256 } from './checkpoint-checksum.js';
import { CheckpointError, parseCheckpointMetadata } from './checkpoint-metadata.js';
import type { EpochRecord } from './reporter.js';

export { CheckpointError } from './checkpoint-metadata.js';

export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  history: EpochRecord[];
  /** The settings that must match for a resume (architecture, optimizer, data, seed…). */
  fingerprint: Record<string, unknown>;
  /** The run's first batch loss, the yardstick of divergence warnings. */
  startLoss: number;
  /** The divergence warnings so far, each naming its epoch (see `divergenceWarning`). */
  warnings: string[];
}

const MODEL = 'model.';
const OPTIM = 'optim.';

/**
 * Writes the network's weights, the optimizer's state and the run's progress into one
 * safetensors file, atomically: a kill at any moment leaves either the previous checkpoint or
 * the new one, never a torn file. The metadata carries a SHA-256 of the tensor bytes and the
 * other metadata, so a damaged file is refused on resume instead of training on.
 */
export async function saveCheckpoint(
  path: string,
  net: NeuralNetwork,
  optimizer: Optimizer,
  state: CheckpointState,
): Promise<void> {
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of net.stateDict()) tensors.set(MODEL + name, t);
  const optim = optimizer.stateDict();
  for (const [name, t] of Object.entries(optim.tensors)) tensors.set(OPTIM + name, t);
  const metadata = {
    epoch: String(state.epoch),
    optimizerStep: String(optim.step),
    history: JSON.stringify(state.history),
    fingerprint: JSON.stringify(state.fingerprint),
    startLoss: String(state.startLoss),
    warnings: JSON.stringify(state.warnings),
  };
  // The tensor bytes do not depend on the metadata: hash them from a first encoding.
  const sha256 = checkpointSha256(encodeSafetensors(tensors, { metadata }), metadata);
  await writeFileAtomic(
    path,
    encodeSafetensors(tensors, { metadata: { ...metadata, [CHECKSUM_FIELD]: sha256 } }),
  );
}

/**
 * Restores a checkpoint into `net` and `optimizer` and returns the run's progress. Refuses,
 * before touching anything, a checkpoint that is damaged (a metadata field or the tensors'
 * checksum) or made with other settings; every refusal names the file.
 */
export async function loadCheckpoint(
  path: string,
  net: NeuralNetwork,
  optimizer: Optimizer,
  fingerprint: Record<string, unknown>,
): Promise<CheckpointState> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CheckpointError(
      `--resume: cannot read the checkpoint ${path}: ${(error as Error).message}`,
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
      `--resume: ${path}: the content's SHA-256 is ${sha256} but the checkpoint records ` +
        `${meta.sha256} (metadata field "${CHECKSUM_FIELD}"): its weights or metadata are damaged; ` +
        'restore the file or start a new run',
      path,
      CHECKSUM_FIELD,
    );
  }
  checkFingerprint(path, meta.fingerprint, fingerprint);
  const model = new Map<string, Tensor>();
  const optim: Record<string, Tensor> = {};
  for (const [name, t] of tensors) {
    if (name.startsWith(MODEL)) model.set(name.slice(MODEL.length), t);
    else if (name.startsWith(OPTIM)) optim[name.slice(OPTIM.length)] = t;
  }
  naming(path, () => net.loadStateDict(model));
  naming(path, () => optimizer.loadStateDict({ step: meta.optimizerStep, tensors: optim }));
  return {
    epoch: meta.epoch,
    history: meta.history,
    fingerprint: meta.fingerprint,
    startLoss: meta.startLoss,
    warnings: meta.warnings,
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
    `--resume: ${path} was made with ${k} = ${shown(saved[k])}, this run has ${shown(fingerprint[k])}; ` +
      'resume with the same settings (only --epochs and --lr may change) or start a new run',
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
      throw new CheckpointError(`--resume: ${path}: ${error.message}`, path);
    }
    throw error;
  }
}

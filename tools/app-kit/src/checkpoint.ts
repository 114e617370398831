import { readFile } from 'node:fs/promises';
import { decodeSafetensors, encodeSafetensors, type NeuralNetwork } from '@mfnet/layers';
import type { Optimizer } from '@mfnet/optim';
import { MfnetError, type Tensor } from '@mfnet/tensor';
import { writeFileAtomic } from '@mfnet/tensor/node';
import type { EpochRecord } from './reporter.js';

/** A checkpoint that cannot be resumed: unreadable, or made by a different configuration. */
export class CheckpointError extends MfnetError {}

export interface CheckpointState {
  /** Epochs completed. */
  epoch: number;
  history: EpochRecord[];
  /** The settings that must match for a resume (architecture, optimizer, data, seed…). */
  fingerprint: Record<string, unknown>;
}

const MODEL = 'model.';
const OPTIM = 'optim.';

/**
 * Writes the network's weights, the optimizer's state and the run's progress into one
 * safetensors file, atomically: a kill at any moment leaves either the previous checkpoint or
 * the new one, never a torn file.
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
  const bytes = encodeSafetensors(tensors, {
    metadata: {
      epoch: String(state.epoch),
      optimizerStep: String(optim.step),
      history: JSON.stringify(state.history),
      fingerprint: JSON.stringify(state.fingerprint),
    },
  });
  await writeFileAtomic(path, bytes);
}

/**
 * Restores a checkpoint into `net` and `optimizer` and returns the run's progress. Refuses,
 * before touching anything, a checkpoint made with other settings.
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
    );
  }
  const dtype = net.parameters()[0]?.value.dtype;
  const { tensors, metadata } = decodeSafetensors(bytes, dtype === undefined ? {} : { dtype });
  const saved = JSON.parse(metadata.fingerprint ?? '{}') as Record<string, unknown>;
  const differing = Object.keys({ ...saved, ...fingerprint }).filter(
    (k) => JSON.stringify(saved[k]) !== JSON.stringify(fingerprint[k]),
  );
  if (differing.length > 0) {
    const k = differing[0]!;
    throw new CheckpointError(
      `--resume: ${path} was made with ${k} = ${JSON.stringify(saved[k])}, this run has ${JSON.stringify(fingerprint[k])}; resume with the same settings (only --epochs may change) or start a new run`,
    );
  }
  const model = new Map<string, Tensor>();
  const optim: Record<string, Tensor> = {};
  for (const [name, t] of tensors) {
    if (name.startsWith(MODEL)) model.set(name.slice(MODEL.length), t);
    else if (name.startsWith(OPTIM)) optim[name.slice(OPTIM.length)] = t;
  }
  net.loadStateDict(model);
  optimizer.loadStateDict({ step: Number(metadata.optimizerStep), tensors: optim });
  return {
    epoch: Number(metadata.epoch),
    history: JSON.parse(metadata.history ?? '[]') as EpochRecord[],
    fingerprint: saved,
  };
}

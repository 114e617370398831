import type { TrainingState } from '../history.js';
import { CHECKSUM_FIELD } from './checkpoint-checksum.js';
import { CheckpointError } from './checkpoint-error.js';

/** The checkpoint format this package writes and reads. */
export const CHECKPOINT_FORMAT = 'mfnet-train-checkpoint/1';

/** What a checkpoint's safetensors `__metadata__` holds, decoded. */
export interface CheckpointMetadata {
  state: TrainingState;
  optimizerStep: number;
  /** The settings a resume must match. */
  fingerprint: Record<string, unknown>;
  /** The caller's own fields. */
  metadata: Record<string, unknown>;
  sha256: string;
}

/**
 * Decodes and checks every field of a checkpoint's metadata against what `saveCheckpoint`
 * writes: a damaged or hand-edited field is a CheckpointError naming the file and the field,
 * never a SyntaxError, a NaN epoch or an `undefined` deep inside `fit`.
 */
export function parseCheckpointMetadata(
  file: string,
  metadata: Record<string, string>,
): CheckpointMetadata {
  const bad = (field: string, found: string, expected: string): never => {
    throw new CheckpointError(
      `${file}: checkpoint metadata field "${field}" ${found}; expected ${expected}. The ` +
        'checkpoint is damaged or not one of @mfnet/train: restore it or start a new run',
      file,
      field,
    );
  };
  const text = (field: string): string => {
    const value = metadata[field];
    return typeof value === 'string' ? value : bad(field, 'is missing', 'it to be present');
  };
  const json = (field: string): unknown => {
    try {
      return JSON.parse(text(field));
    } catch {
      return bad(field, `is not JSON (${quote(text(field))})`, 'JSON');
    }
  };
  const object = (field: string): Record<string, unknown> => {
    const value = json(field);
    return isObject(value) ? value : bad(field, `is ${quote(text(field))}`, 'a JSON object');
  };

  if (text('format') !== CHECKPOINT_FORMAT) {
    bad('format', `is ${quote(text('format'))}`, quote(CHECKPOINT_FORMAT));
  }
  const optimizerStep = Number(text('optimizerStep'));
  if (!/^(0|[1-9]\d{0,14})$/.test(text('optimizerStep'))) {
    bad('optimizerStep', `is ${quote(text('optimizerStep'))}`, 'a whole number ≥ 0');
  }
  const state = object('state');
  const problem = stateProblem(state);
  if (problem !== undefined) bad('state', problem, 'the training state fit records');
  if (state.step !== optimizerStep) {
    bad('state', `has step ${String(state.step)}`, `the optimizer's step, ${optimizerStep}`);
  }
  const sha256 = text(CHECKSUM_FIELD);
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    bad(CHECKSUM_FIELD, `is ${quote(sha256)}`, '64 lowercase hex digits (a SHA-256)');
  }
  return {
    state: state as unknown as TrainingState,
    optimizerStep,
    fingerprint: object('fingerprint'),
    metadata: object('metadata'),
    sha256,
  };
}

/** What is wrong with a training state read from JSON, or undefined. */
function stateProblem(s: Record<string, unknown>): string | undefined {
  const whole = ['epoch', 'batch', 'step', 'seed', 'batchesPerEpoch', 'epochSamples'];
  for (const k of whole) {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      return `has ${k} = ${quote(JSON.stringify(v) ?? 'undefined')}`;
    }
  }
  for (const k of ['epochLossSum', 'epochSeconds', 'lr']) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k])) return `has ${k} = ${String(s[k])}`;
  }
  if ((s.batch as number) >= (s.batchesPerEpoch as number) && (s.batchesPerEpoch as number) > 0) {
    return `has batch ${String(s.batch)} of ${String(s.batchesPerEpoch)}`;
  }
  const records = s.records;
  if (!Array.isArray(records) || records.length !== s.epoch) {
    return `has ${Array.isArray(records) ? records.length : 'no'} records for ${String(s.epoch)} epochs`;
  }
  const badRecord = records.findIndex(
    (r, i) =>
      !isObject(r) ||
      r.epoch !== i + 1 ||
      typeof r.trainLoss !== 'number' ||
      !Object.values(r).every((v) => v === null || (typeof v === 'number' && Number.isFinite(v))),
  );
  if (badRecord >= 0)
    return `has a bad record ${badRecord}: ${quote(JSON.stringify(records[badRecord]))}`;
  if (!isObject(s.callbacks)) return 'has no callbacks object';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value for a message: quoted, cut short when long. */
function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

import { MfnetError } from '@mfnet/tensor';
import type { EpochRecord } from './reporter.js';

/** A checkpoint that cannot be resumed: unreadable, damaged, or made by a different configuration. */
export class CheckpointError extends MfnetError {
  constructor(
    message: string,
    /** The checkpoint file. */
    readonly file: string,
    /** The metadata field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What a checkpoint's safetensors `__metadata__` holds, decoded. */
export interface CheckpointMetadata {
  /** Epochs completed. */
  epoch: number;
  optimizerStep: number;
  /** One record per completed epoch. */
  history: EpochRecord[];
  /** The settings that must match for a resume. */
  fingerprint: Record<string, unknown>;
  /** The first batch's loss of the run, the yardstick of divergence. */
  startLoss: number;
  /** Divergence warnings so far. */
  warnings: string[];
  /** SHA-256 of the tensor bytes and the other fields (see `checkpointSha256`). */
  sha256: string;
}

/** A whole number as written by `String(n)`: no sign, no leading zeros, no exponent. */
const WHOLE = /^(0|[1-9]\d{0,14})$/;

/**
 * Decodes and checks every field of a checkpoint's metadata, each against what `saveCheckpoint`
 * writes: a damaged or hand-edited field is a CheckpointError naming the file and the field,
 * never a SyntaxError, a NaN epoch or an `undefined`.
 */
export function parseCheckpointMetadata(
  file: string,
  metadata: Record<string, string>,
): CheckpointMetadata {
  const bad = (field: string, found: string, expected: string): never => {
    throw new CheckpointError(
      `--resume: ${file}: metadata field "${field}" ${found}; expected ${expected}. The checkpoint ` +
        'is damaged: restore it, or start a new run without --resume',
      file,
      field,
    );
  };
  const text = (field: string): string => {
    const value = metadata[field];
    return typeof value === 'string' ? value : bad(field, 'is missing', 'it to be present');
  };
  const whole = (field: string): number => {
    const value = text(field);
    return WHOLE.test(value)
      ? Number(value)
      : bad(field, `is ${quote(value)}`, 'a whole number ≥ 0');
  };
  const json = (field: string): unknown => {
    const value = text(field);
    try {
      return JSON.parse(value);
    } catch {
      return bad(field, `is not JSON (${quote(value)})`, 'JSON');
    }
  };

  const epoch = whole('epoch');
  const optimizerStep = whole('optimizerStep');
  const fingerprint = json('fingerprint');
  if (typeof fingerprint !== 'object' || fingerprint === null || Array.isArray(fingerprint)) {
    bad('fingerprint', `is ${quote(text('fingerprint'))}`, 'a JSON object of the settings');
  }
  const history = json('history');
  if (!Array.isArray(history) || history.length !== epoch) {
    bad(
      'history',
      Array.isArray(history) ? `has ${history.length} records` : `is ${quote(text('history'))}`,
      `an array of one record per epoch (${epoch}, as field "epoch" says)`,
    );
  }
  (history as unknown[]).forEach((record, i) => {
    if (!isEpochRecord(record, i + 1)) {
      bad(
        'history',
        `record ${i} is ${quote(JSON.stringify(record) ?? String(record))}`,
        `{ "epoch": ${i + 1}, "trainLoss": <number>, "seconds": <number>, … } of finite numbers`,
      );
    }
  });
  const startLoss = Number(text('startLoss'));
  if (text('startLoss').trim() === '' || !Number.isFinite(startLoss) || startLoss < 0) {
    bad('startLoss', `is ${quote(text('startLoss'))}`, 'a finite number ≥ 0');
  }
  const warnings = json('warnings');
  if (!Array.isArray(warnings) || !warnings.every((w) => typeof w === 'string')) {
    bad('warnings', `is ${quote(text('warnings'))}`, 'a JSON array of strings');
  }
  const sha256 = text('sha256');
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    bad('sha256', `is ${quote(sha256)}`, '64 lowercase hex digits (a SHA-256)');
  }
  return {
    epoch,
    optimizerStep,
    history: history as EpochRecord[],
    fingerprint: fingerprint as Record<string, unknown>,
    startLoss,
    warnings: warnings as string[],
    sha256,
  };
}

/** An epoch's record: its epoch number, a train loss, seconds, and only finite numbers. */
function isEpochRecord(record: unknown, epoch: number): boolean {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const r = record as Record<string, unknown>;
  if (r.epoch !== epoch || typeof r.trainLoss !== 'number' || typeof r.seconds !== 'number') {
    return false;
  }
  return Object.values(r).every((value) => Number.isFinite(value));
}

/** A value for a message: quoted, and cut short when long. */
function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(short);
}

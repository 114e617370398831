import { ValueError } from '@mfnet/tensor';
import type { EpochRecord } from '../record.js';

/** Whether a smaller (`min`) or a larger (`max`) value of the monitored number is better. */
export type MonitorMode = 'min' | 'max';

/** The monitored number of an epoch's record; a missing one is a ValueError naming what there is. */
export function monitored(op: string, record: EpochRecord, name: string): number {
  const value = record[name];
  if (typeof value !== 'number') {
    const present = Object.keys(record).join(', ');
    throw new ValueError(
      `${op}: the epoch record has no '${name}' to monitor (it has ${present}); give fit ` +
        'validation data (for valLoss and metrics) or monitor another field',
    );
  }
  return value;
}

/** A whole number ≥ 0 option. */
export function wholeOption(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new ValueError(`${op}: ${name} must be a whole number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** A finite number option in a range. */
export function numberOption(
  op: string,
  name: string,
  value: number,
  ok: (v: number) => boolean,
  allowed: string,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new ValueError(`${op}: ${name} must be ${allowed}, got ${String(value)}`);
  }
  return value;
}

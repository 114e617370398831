import { writeFileAtomic } from '@mfnet/tensor/node';
import type { Callback } from '../callbacks/callback.js';
import type { EpochRecord } from '../record.js';

/**
 * Writes the run's epoch records to `path` after every epoch as a JSON array, the whole file
 * each time and atomically (a temporary file renamed into place): a resumed run rewrites it with
 * the earlier epochs, a kill never leaves half a file.
 */
export function jsonLogger(path: string): Callback {
  return {
    name: 'jsonLogger',
    async afterEpoch(_record, ctx) {
      await writeFileAtomic(path, `${JSON.stringify(ctx.records, null, 2)}\n`);
    },
  };
}

/**
 * Writes the run's epoch records to `path` after every epoch as CSV: a header of every field
 * any record has (epoch, trainLoss, seconds, lr first), one row per epoch, an empty cell where
 * a record lacks a field. Whole and atomic, as `jsonLogger`.
 */
export function csvLogger(path: string): Callback {
  return {
    name: 'csvLogger',
    async afterEpoch(_record, ctx) {
      await writeFileAtomic(path, toCsv(ctx.records));
    },
  };
}

/** The records as CSV text (numbers as JavaScript writes them, which read back exactly). */
export function toCsv(records: readonly EpochRecord[]): string {
  const first = ['epoch', 'trainLoss', 'seconds', 'lr'];
  const fields = [...first];
  for (const r of records) for (const k of Object.keys(r)) if (!fields.includes(k)) fields.push(k);
  const rows = records.map((r) => fields.map((f) => (r[f] === undefined ? '' : String(r[f]))));
  return `${[fields, ...rows].map((row) => row.join(',')).join('\n')}\n`;
}

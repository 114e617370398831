/** One epoch's results, as printed and as stored in metrics.json. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  seconds: number;
  /** The learning rate the epoch ran with (a resume may change it). */
  lr?: number;
  [metric: string]: number;
}

export type ReportMode = 'tty' | 'plain' | 'json' | 'silent';

/** TTY: friendly lines with a progress bar; plain: the same lines, no escape codes; json: one object per line. */
export function reportMode(json: boolean, stream: NodeJS.WriteStream = process.stdout): ReportMode {
  if (json) return 'json';
  return stream.isTTY === true ? 'tty' : 'plain';
}

/** The line printed for an epoch in tty and plain modes; `format` turns each metric into its words. */
export function formatEpoch(
  record: EpochRecord,
  epochs: number,
  format: Record<string, (v: number) => string>,
): string {
  const metrics = Object.entries(format)
    .filter(([name]) => record[name] !== undefined)
    .map(([name, f]) => f(record[name]!));
  return [
    `epoch ${String(record.epoch).padStart(String(epochs).length)}/${epochs}`,
    `train loss ${record.trainLoss.toFixed(4)}`,
    ...metrics,
    `${record.seconds.toFixed(1)}s`,
  ].join('  ');
}

export function printEpoch(
  mode: ReportMode,
  record: EpochRecord,
  epochs: number,
  format: Record<string, (v: number) => string>,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): void {
  if (mode === 'silent') return;
  write(
    mode === 'json'
      ? JSON.stringify({ type: 'epoch', ...record })
      : formatEpoch(record, epochs, format),
  );
}

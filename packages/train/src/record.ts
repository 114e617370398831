/**
 * One epoch's results. `trainLoss` is the mean batch loss of the epoch (weighted by batch size),
 * `lr` the learning rate the epoch ran with, `valLoss` and each metric (under its name) measured
 * on the validation data after the epoch. Callbacks may add numbers of their own.
 */
export interface EpochRecord {
  /** The epoch, counted from 1. */
  epoch: number;
  trainLoss: number;
  /** Seconds spent in the epoch (training and validation). */
  seconds: number;
  lr: number;
  valLoss?: number;
  [metric: string]: number | undefined;
}

/** How a line of numbers is shown: metric name → its words (e.g. `test accuracy 97.12%`). */
export type MetricFormat = Readonly<Record<string, (value: number) => string>>;

/**
 * An epoch as one line for people: `epoch  3/10  train loss 0.1234  <metrics>  1.2s`. Only the
 * fields `format` names are shown besides the loss and the time; without a format every number
 * but the epoch, loss, time and learning rate is shown as `name value`.
 */
export function formatEpoch(record: EpochRecord, epochs: number, format?: MetricFormat): string {
  const shown =
    format ??
    Object.fromEntries(
      Object.keys(record)
        .filter((k) => !['epoch', 'trainLoss', 'seconds', 'lr'].includes(k))
        .map((k) => [k, (v: number) => `${k} ${v.toFixed(4)}`]),
    );
  const metrics = Object.entries(shown)
    .filter(([name]) => typeof record[name] === 'number')
    .map(([name, f]) => f(record[name] as number));
  return [
    `epoch ${String(record.epoch).padStart(String(epochs).length)}/${epochs}`,
    `train loss ${record.trainLoss.toFixed(4)}`,
    ...metrics,
    `${record.seconds.toFixed(1)}s`,
  ].join('  ');
}

import { formatEpoch } from '@mfnet/train';
import type { Callback } from '../callbacks/callback.js';
import type { EpochRecord, MetricFormat } from '../record.js';

/** How `terminalProgress` reports: `tty` a bar and lines, `plain` lines, `json` one object per line. */
export type ProgressMode = 'tty' | 'plain' | 'json' | 'silent';

export interface TerminalProgressOptions {
  /** Default: `tty` when `stream` is a terminal, else `plain`. */
  mode?: ProgressMode;
  /** How metrics are shown on an epoch's line (default: every number by its name). */
  format?: MetricFormat;
  /** Where the bar is drawn (default stderr). */
  stream?: NodeJS.WriteStream;
  /** Where epoch lines go (default: stdout, one line each). */
  write?: (line: string) => void;
}

/**
 * Progress in a terminal: a one-line bar on `stream` redrawn at most every 100 ms (batches,
 * samples per second, time left, running loss; `tty` mode only), then after each epoch a line
 * (`formatEpoch`), or in `json` mode one `{ "type": "epoch", … }` object per line.
 */
export function terminalProgress(options: TerminalProgressOptions = {}): Callback {
  const stream = options.stream ?? process.stderr;
  const mode = options.mode ?? (process.stdout.isTTY === true ? 'tty' : 'plain');
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  let bar: ProgressBar | undefined;
  return {
    name: 'terminalProgress',
    onEpochBegin(epoch, ctx) {
      if (mode === 'tty')
        bar = new ProgressBar(`epoch ${epoch}/${ctx.epochs}`, ctx.batchesPerEpoch, stream);
    },
    onBatchEnd(event, ctx) {
      if (mode !== 'tty') return;
      bar ??= new ProgressBar(`epoch ${event.epoch}/${ctx.epochs}`, ctx.batchesPerEpoch, stream);
      bar.update(event.batch, event.samples, event.runningLoss);
    },
    onEpochEnd(record: EpochRecord, ctx) {
      bar?.finish();
      bar = undefined;
      if (mode === 'silent') return;
      write(
        mode === 'json'
          ? JSON.stringify({ type: 'epoch', ...record })
          : formatEpoch(record, ctx.epochs, options.format),
      );
    },
    onTrainEnd() {
      bar?.finish();
    },
  };
}

/**
 * A one-line progress bar for a terminal: batches done, samples per second, time left and the
 * running loss. It redraws at most every 100 ms and only on a TTY.
 */
export class ProgressBar {
  private readonly start = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 24,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(done: number, samples: number, runningLoss: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const line = this.render(done, samples, runningLoss, (now - this.start) / 1000);
    this.stream.write(`\r\x1b[2K${line}`);
  }

  /** The bar's text for a given state (no escape codes). */
  render(done: number, samples: number, runningLoss: number, seconds: number): string {
    const fraction = this.total === 0 ? 1 : done / this.total;
    const filled = Math.round(fraction * this.width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`;
    const rate = seconds > 0 ? samples / seconds : 0;
    const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : 0;
    return `${this.label} ${bar} ${done}/${this.total} · ${Math.round(rate)} samples/s · ETA ${formatSeconds(eta)} · loss ${runningLoss.toFixed(4)}`;
  }

  /** Clears the bar so the next line starts clean. */
  finish(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }
}

/** 75 → `1m15s`, 9.4 → `9s`. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

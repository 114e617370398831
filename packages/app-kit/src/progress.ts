/**
 * A one-line progress bar for a terminal: batches done, samples per second, time left and the
 * running loss. It redraws at most every 100 ms and only on a TTY; elsewhere it stays silent
 * (the caller prints plain lines instead).
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
    this.stream.write(
      `\r\x1b[2K${this.render(done, samples, runningLoss, (now - this.start) / 1000)}`,
    );
  }

  /** The bar's text for a given state (no escape codes), exposed for tests. */
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

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

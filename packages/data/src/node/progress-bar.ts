/** What a download reports as its bytes arrive. */
export interface DownloadProgress {
  url: string;
  /** The file being written (its final name). */
  file: string;
  received: number;
  /** The size the server announced (Content-Length), when it did. */
  total: number | undefined;
  /** Mean speed so far. */
  bytesPerSecond: number;
}

const WIDTH = 24;

/**
 * A one-line progress bar on stderr (bytes, percentage and speed), redrawn at most ten times a
 * second. Only made when stderr is a terminal, so logs and CI output stay clean.
 */
export class ProgressBar {
  private lastDraw = 0;

  private constructor(private readonly stream: NodeJS.WriteStream) {}

  static forStderr(): ProgressBar | undefined {
    return process.stderr.isTTY ? new ProgressBar(process.stderr) : undefined;
  }

  update(p: DownloadProgress, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const name = p.file.split(/[\\/]/).pop() ?? p.file;
    const speed = `${formatBytes(p.bytesPerSecond)}/s`;
    let line: string;
    if (p.total !== undefined && p.total > 0) {
      const fraction = Math.min(1, p.received / p.total);
      const filled = Math.round(fraction * WIDTH);
      line = `${name} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(p.received)}/${formatBytes(p.total)} ${speed}`;
    } else {
      line = `${name} ${formatBytes(p.received)} ${speed}`;
    }
    this.stream.write(`\r${line}\x1b[K`);
  }

  finish(p: DownloadProgress): void {
    this.update(p, true);
    this.stream.write('\n');
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toFixed(0)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

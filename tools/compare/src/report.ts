import type { RunResult } from './run-mfnet.js';

/** The largest |a − b| / |b| over the steps both runs recorded. */
export function maxRelativeDifference(
  a: readonly number[],
  b: readonly number[],
): { max: number; step: number; steps: number } {
  const steps = Math.min(a.length, b.length);
  let max = 0;
  let step = -1;
  for (let i = 0; i < steps; i++) {
    const rel = Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!);
    if (!(rel <= max)) {
      max = rel;
      step = i;
    }
  }
  return { max, step, steps };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => cell.padStart(widths[c]!)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

const METRIC_FORMAT: Record<string, (v: number) => string> = {
  accuracy: (v) => `${(v * 100).toFixed(2)}%`,
  rmse: (v) => v.toFixed(4),
  r2: (v) => v.toFixed(4),
};

/** The side-by-side table: per epoch the loss, each metric and the seconds, then peak memory. */
export function formatComparison(mfnet: RunResult, torch: RunResult): string {
  const metrics = Object.keys(mfnet.epochs[0] ?? {}).filter((k) => k in METRIC_FORMAT);
  const header = ['epoch', 'loss mfnet', 'loss torch'];
  for (const k of metrics) header.push(`${k} mfnet`, `${k} torch`);
  header.push('s/epoch mfnet', 's/epoch torch');
  const rows = mfnet.epochs.map((e, i) => {
    const t = torch.epochs[i];
    const row = [String(e.epoch), e.trainLoss.toPrecision(10), t?.trainLoss.toPrecision(10) ?? '-'];
    for (const k of metrics)
      row.push(METRIC_FORMAT[k]!(e[k]!), t?.[k] === undefined ? '-' : METRIC_FORMAT[k]!(t[k]));
    row.push(e.seconds.toFixed(2), t?.seconds.toFixed(2) ?? '-');
    return row;
  });
  const memory = `peak memory (RSS): mfnet ${mfnet.peakMemoryMB.toFixed(0)} MB, torch ${torch.peakMemoryMB.toFixed(0)} MB`;
  const agreement = maxRelativeDifference(mfnet.stepLosses, torch.stepLosses);
  const steps = `loss of each of the first ${agreement.steps} steps: largest relative difference ${agreement.max.toExponential(2)}${agreement.step >= 0 ? ` (step ${agreement.step + 1})` : ''}`;
  return `${mfnet.framework} vs ${torch.framework}\n\n${table(header, rows)}\n\n${memory}\n${steps}`;
}

import { describe, expect, it } from 'vitest';
import { formatSeconds, ProgressBar } from '../src/progress.js';
import { formatEpoch, printEpoch, reportMode } from '../src/reporter.js';

const fakeStream = (isTTY: boolean) => {
  const chunks: string[] = [];
  return {
    isTTY,
    write: (s: string) => chunks.push(s),
    chunks,
  } as unknown as NodeJS.WriteStream & { chunks: string[] };
};

describe('ProgressBar', () => {
  it('renders batches, rate, ETA and loss', () => {
    const bar = new ProgressBar('epoch 1', 100, fakeStream(true), 10);
    const text = bar.render(25, 1600, 0.5, 2);
    expect(text).toBe('epoch 1 ███░░░░░░░ 25/100 · 800 samples/s · ETA 6s · loss 0.5000');
  });

  it('writes nothing off a terminal', () => {
    const stream = fakeStream(false);
    const bar = new ProgressBar('epoch 1', 10, stream);
    bar.update(10, 100, 1);
    bar.finish();
    expect(stream.chunks).toEqual([]);
  });

  it('formats durations', () => {
    expect(formatSeconds(5.4)).toBe('5s');
    expect(formatSeconds(125)).toBe('2m05s');
    expect(formatSeconds(Number.NaN)).toBe('?');
  });
});

describe('epoch reports', () => {
  const record = { epoch: 2, trainLoss: 0.12345, seconds: 3.21, accuracy: 0.9755 };
  const format = { accuracy: (v: number) => `accuracy ${(v * 100).toFixed(2)}%` };

  it('prints a plain line without escape codes', () => {
    const line = formatEpoch(record, 10, format);
    expect(line).toBe('epoch  2/10  train loss 0.1235  accuracy 97.55%  3.2s');
    expect(line.includes(String.fromCharCode(27))).toBe(false);
  });

  it('prints one JSON object per epoch in json mode', () => {
    const lines: string[] = [];
    printEpoch('json', record, 10, format, (l) => lines.push(l));
    expect(JSON.parse(lines[0]!)).toEqual({ type: 'epoch', ...record });
  });

  it('chooses the mode from --json and the terminal', () => {
    expect(reportMode(true, fakeStream(true))).toBe('json');
    expect(reportMode(false, fakeStream(true))).toBe('tty');
    expect(reportMode(false, fakeStream(false))).toBe('plain');
  });
});

describe('silent mode', () => {
  it('prints nothing', () => {
    const lines: string[] = [];
    printEpoch('silent', { epoch: 1, trainLoss: 1, seconds: 1 }, 1, {}, (l) => lines.push(l));
    expect(lines).toEqual([]);
  });
});

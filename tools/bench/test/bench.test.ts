import { createBackend } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { benchMatmul } from '../src/matmul.js';
import { median, timeMedian } from '../src/stats.js';
import { formatTable } from '../src/table.js';

describe('stats', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('timeMedian repeats the work until a sample is long enough', () => {
    let calls = 0;
    const seconds = timeMedian(() => calls++, { warmup: 1, runs: 3, minSampleMs: 2 });
    expect(calls).toBeGreaterThan(4);
    expect(seconds).toBeGreaterThan(0);
  });
});

describe('formatTable', () => {
  it('aligns columns under their headers', () => {
    const lines = formatTable(
      ['n', 'GFLOP/s'],
      [
        ['64', '1.5'],
        ['1024', '12.25'],
      ],
    ).split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[3]).toBe('| 1024 |   12.25 |');
  });
});

describe('benchMatmul', () => {
  it('reports 2n³ flops over the measured time', () => {
    const r = benchMatmul(createBackend('cpu'), 'float32', 16, {
      runs: 1,
      warmup: 0,
      minSampleMs: 1,
    });
    expect(r.n).toBe(16);
    expect(r.gflops).toBeCloseTo((2 * 16 ** 3) / r.seconds / 1e9, 6);
    expect(Number.isFinite(r.gflops) && r.gflops > 0).toBe(true);
  });
});

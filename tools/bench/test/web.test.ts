import { describe, expect, it } from 'vitest';
import { formatGoals } from '../src/report.js';
import { nodeBackend, nodeMsPerStep } from '../src/web/node-steps.js';
import { checkWebGoals, formatWebReport, webRows } from '../src/web/report.js';
import { msPerStep } from '../src/web/settings.js';
import { WebPage } from '../src/web/web-page.js';

const node = (samples: number[]) => ({ id: 'node', label: 'Node, fit', samples });
const pageCpu = (samples: number[]) => ({ id: 'page-cpu', label: 'page: cpu', samples });

describe('the web table', () => {
  it('takes each setup’s median and its ratio to Node’s median', () => {
    const rows = webRows([
      node([10, 30, 20]),
      pageCpu([26, 24, 28, 22]),
      { id: 'page-gpujs', label: 'page: gpujs', samples: [200] },
    ]);
    expect(rows.map((r) => r.msPerStep)).toEqual([20, 25, 200]);
    expect(rows.map((r) => r.ratio)).toEqual([1, 1.25, 10]);
    expect(formatWebReport(rows).split('\n')).toEqual([
      '|       setup | ms per step | ratio to Node |',
      '|-------------|-------------|---------------|',
      '|   Node, fit |        20.0 |         1.00× |',
      '|   page: cpu |        25.0 |         1.25× |',
      '| page: gpujs |         200 |        10.00× |',
    ]);
  });

  it('meets the goal at 1.5× Node and misses it above', () => {
    const at = checkWebGoals(webRows([node([10]), pageCpu([15])]));
    expect(at).toEqual([
      { goal: 'page CPU ≤ 1.5× Node', met: true, detail: '15.0 ms vs 10.0 ms (1.50×)' },
    ]);
    const over = checkWebGoals(webRows([node([10]), pageCpu([15.1])]));
    expect(over[0]!.met).toBe(false);
    expect(formatGoals(over)).toBe('✗ page CPU ≤ 1.5× Node: 15.1 ms vs 10.0 ms (1.51×)');
  });

  it('leaves the goal unchecked and the ratios out when a side failed', () => {
    const noNode = webRows([{ ...node([]), error: 'no data' }, pageCpu([5])]);
    expect(noNode[1]!.ratio).toBeUndefined();
    expect(checkWebGoals(noNode)[0]).toMatchObject({ met: undefined, detail: 'not measured' });
    expect(formatWebReport(noNode)).toContain('| page: cpu |        5.00 |             – |');
    expect(checkWebGoals(webRows([node([5])]))[0]!.met).toBeUndefined();
  });
});

describe('ms per step from the cumulative timings', () => {
  it('starts at the first report (its warm-up left out) and ends at the first report past the steps', () => {
    const points = [
      { steps: 40, ms: 400 }, // the first report: compiling, first allocations
      { steps: 90, ms: 650 },
      { steps: 140, ms: 900 },
      { steps: 190, ms: 1150 },
    ];
    expect(msPerStep(points, 100)).toBe(5); // 40 → 140: 500 ms for 100 steps
    expect(msPerStep(points, 101)).toBe(5); // 40 → 190: 750 ms for 150 steps
    expect(msPerStep(points, 151)).toBeUndefined();
    expect(msPerStep([], 1)).toBeUndefined();
  });
});

describe('the web bench, a short run', () => {
  it('drives apps/web through its form on both backends and times fit in Node', async () => {
    const page = await WebPage.open([]);
    try {
      const settings = await page.settings();
      // The page's defaults, which the Node row copies.
      expect(settings).toEqual({
        hidden: [128, 64],
        optimizer: 'adam',
        lr: 0.001,
        batchSize: 64,
        dtype: 'float32',
      });
      const cpu = await page.train('cpu', 20);
      expect(cpu.engine).toBe('wasm-relaxed');
      expect(cpu.dtype).toBe('float32');
      expect(msPerStep(cpu.points, 20)).toBeGreaterThan(0);
      const gpujs = await page.train('gpujs', 2);
      expect([gpujs.engine, gpujs.dtype]).toEqual(['webgl2', 'float32']);
      expect(msPerStep(gpujs.points, 2)).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
    // Node on random MNIST-shaped bytes (the real set is the bench's --data-dir).
    const samples = 640;
    const pixels = Uint8Array.from({ length: samples * 784 }, (_, i) => (i * 37) % 256);
    const labels = new Float32Array(samples * 10);
    for (let k = 0; k < samples; k++) labels[k * 10 + (k % 10)] = 1; // one-hot, class k mod 10
    const { backend, kernels } = nodeBackend();
    expect(kernels).toMatch(/^wasm/); // relaxed where node has the flag (the bench passes it)
    const ms = await nodeMsPerStep(
      { hidden: [128, 64], optimizer: 'adam', lr: 0.001, batchSize: 64, dtype: 'float32' },
      {
        trainX: { data: pixels, shape: [samples, 784], divisor: 255 },
        trainY: { data: labels, shape: [samples, 10] },
      },
      backend,
      { warmup: 5, steps: 20, seed: 0 },
    );
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
  }, 600_000);
});

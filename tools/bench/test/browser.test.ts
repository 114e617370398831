import { describe, expect, it } from 'vitest';
import {
  browserRows,
  checkBrowserGoals,
  formatBrowserReport,
  MNIST_EPOCH_STEPS,
} from '../src/browser/report.js';
import { type BrowserRun, runBrowserBench } from '../src/browser/run-page.js';

/** A page result with given samples (ms per step), for the report alone. */
function fakeRun(
  samples: Record<string, number[]>,
  failed: Record<string, string> = {},
): BrowserRun {
  return {
    steps: 200,
    runs: 3,
    rows: Object.entries(samples).map(([id, msPerStep]) => ({
      id,
      label: `label of ${id}`,
      engine: 'webgl2',
      msPerStep,
    })),
    failed,
    renderer: 'SwiftShader',
    userAgent: 'test',
    chromium: { version: '143', path: '/x/chromium', source: 'MFNET_CHROMIUM' },
  };
}

describe('the browser table', () => {
  it('takes medians, converts to seconds per MNIST epoch, and lists setups that did not start', () => {
    const rows = browserRows(
      fakeRun(
        { 'mfnet-gpujs': [30, 10, 20], 'tfjs-webgl-read': [14, 12, 13] },
        { 'tfjs-wasm': 'no' },
      ),
    );
    expect(rows[0]!.msPerStep).toBe(20);
    expect(rows[0]!.secondsPerEpoch).toBeCloseTo((20 * 937.5) / 1000, 12);
    expect(MNIST_EPOCH_STEPS).toBe(937.5);
    expect(rows[2]).toMatchObject({ id: 'tfjs-wasm', error: 'no', samples: [] });
    const lines = formatBrowserReport(rows).split('\n');
    // Fastest first, the one that did not start last.
    expect(lines[2]).toContain('label of tfjs-webgl-read');
    expect(lines[4]).toContain('–');
  });

  it("checks the goal: gpu.js at or below TF.js webgl's step with the loss read back", () => {
    const goal = (gpujs: number, webgl: number) =>
      checkBrowserGoals(
        browserRows(fakeRun({ 'mfnet-gpujs': [gpujs], 'tfjs-webgl-read': [webgl] })),
      )[0]!;
    expect(goal(10, 13).met).toBe(true);
    expect(goal(64, 13).met).toBe(false);
    expect(goal(64, 13).detail).toBe('64.0 ms vs 13.0 ms (4.92×)');
    expect(checkBrowserGoals(browserRows(fakeRun({ 'mfnet-gpujs': [1] })))[0]!.met).toBeUndefined();
  });
});

describe('the browser benchmark page', () => {
  it('builds, runs in headless Chromium and gives a finite time for every setup (a short run)', async () => {
    const run = await runBrowserBench({ steps: 3, runs: 1 });
    expect(run.failed).toEqual({});
    expect(run.rows.map((r) => r.id)).toEqual([
      'mfnet-cpu',
      'mfnet-gpujs',
      'tfjs-webgl',
      'tfjs-webgl-read',
      'tfjs-wasm',
    ]);
    for (const row of run.rows) {
      expect(row.error, row.label).toBeUndefined();
      expect(row.msPerStep, row.label).toHaveLength(1);
      expect(Number.isFinite(row.msPerStep[0]) && row.msPerStep[0]! > 0, row.label).toBe(true);
    }
    // Each side ran where it says: WebGL2 for gpu.js and TF.js webgl, SIMD for the CPU rows.
    const engine = (id: string) => run.rows.find((r) => r.id === id)!.engine;
    expect(engine('mfnet-gpujs')).toBe('webgl2');
    expect(engine('tfjs-webgl')).toBe('webgl 2');
    // Chromium has relaxed SIMD on by default (since 114): the CPU backend's auto takes it.
    expect(engine('mfnet-cpu')).toBe('WebAssembly relaxed SIMD');
    expect(engine('tfjs-wasm')).toMatch(/^wasm simd/);
    expect(run.renderer).not.toBe('');
  }, 600_000);
});

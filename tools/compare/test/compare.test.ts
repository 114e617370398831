import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@mfnet/app-kit';
import { Rng } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { writeManifest } from '../src/manifest.js';
import { compareOptions } from '../src/options.js';
import { formatComparison, maxRelativeDifference } from '../src/report.js';
import { runMfnet } from '../src/run-mfnet.js';
import { runTorch, TorchMissingError, torchVersion } from '../src/run-torch.js';
import type { Experiment } from '../src/setup.js';

/** A small regression problem: y = x·w + noise, 40 samples, 3 features. */
function tinyExperiment(): Experiment {
  const rng = new Rng(3);
  const m = 40;
  const x = Float64Array.from({ length: m * 3 }, () => rng.normal());
  const y = Float64Array.from(
    { length: m },
    (_, i) => x[i * 3]! - 2 * x[i * 3 + 1]! + 0.1 * rng.normal(),
  );
  return {
    task: 'regression',
    sizes: [3, 5, 1],
    activation: 'tanh',
    optimizer: 'momentum',
    batchSize: 16,
    trainX: { data: x, shape: [m, 3] },
    trainY: { data: y, shape: [m, 1] },
    testX: { data: x.slice(0, 30), shape: [10, 3] },
    testY: { data: y.slice(0, 10), shape: [10, 1] },
  };
}

const config = {
  epochs: 2,
  seed: 1,
  dtype: 'float64' as const,
  lr: 0.05,
  maxGradNorm: undefined,
  steps: 5,
  threads: 2,
};

describe('runMfnet', () => {
  it('records the initial weights, the batch order and the first steps', async () => {
    const run = await runMfnet(tinyExperiment(), config);
    expect(run.initialWeights.map((w) => w.shape)).toEqual([
      [6, 4],
      [2, 6],
    ]);
    expect(Array.from(run.initialWeights[0]!.data.subarray(0, 4))).toEqual([1, 0, 0, 0]);
    for (let e = 0; e < 2; e++) {
      const epoch = Array.from(run.order.subarray(e * 40, (e + 1) * 40)).sort((a, b) => a - b);
      expect(epoch).toEqual(Array.from({ length: 40 }, (_, i) => i));
    }
    expect(run.stepLosses).toHaveLength(5);
    expect(run.epochs).toHaveLength(2);
    expect(run.epochs[1]!.rmse).toBeGreaterThan(0);
    // The report names the kernels that ran (read behind the checked door), never '?'.
    expect(run.framework).toMatch(/^mfnet \(cpu (wasm-relaxed|wasm-simd|js), /);
  });
});

describe('writeManifest', () => {
  it('writes every array with the bytes its shape needs', async () => {
    const exp = tinyExperiment();
    const run = await runMfnet(exp, config);
    const dir = await mkdtemp(join(tmpdir(), 'mfnet-manifest-'));
    const path = await writeManifest(dir, exp, run, { ...config, threads: 1, lr: 0.05 });
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    expect(manifest.optimizer).toEqual({ name: 'sgd', lr: 0.05, momentum: 0.9 });
    const size = { f64: 8, i32: 4, u8: 1 } as Record<string, number>;
    const specs = [...Object.values(manifest.data), ...manifest.weights, manifest.order] as {
      file: string;
      dtype: string;
      shape: number[];
    }[];
    for (const spec of specs) {
      const bytes = (await stat(join(dir, spec.file))).size;
      expect(bytes).toBe(spec.shape.reduce((a, b) => a * b, 1) * size[spec.dtype]!);
    }
    expect((await readdir(dir)).length).toBe(specs.length + 1);
  });
});

describe('report', () => {
  it('finds the largest relative difference and its step', () => {
    expect(maxRelativeDifference([1, 2, 3], [1, 2.002, 3])).toEqual({
      max: expect.closeTo(0.002 / 2.002, 12),
      step: 1,
      steps: 3,
    });
    expect(maxRelativeDifference([1, Number.NaN], [1, 1]).step).toBe(1);
  });

  it('prints both frameworks side by side', () => {
    const run = (framework: string, loss: number) => ({
      framework,
      stepLosses: [loss],
      epochs: [{ epoch: 1, trainLoss: loss, seconds: 1.5, accuracy: 0.975 }],
      peakMemoryMB: 100,
    });
    const text = formatComparison(run('mfnet', 0.5), run('torch', 0.5));
    expect(text).toMatch(
      /\| epoch \| +loss mfnet \| +loss torch \| +accuracy mfnet \| +accuracy torch \|/,
    );
    expect(text).toContain('97.50%');
    expect(text).toContain('largest relative difference 0.00e+0');
  });
});

describe('without PyTorch', () => {
  it('says how to install it, and the command exits non-zero before training', async () => {
    expect(() => torchVersion('/nonexistent/python3')).toThrow(TorchMissingError);
    expect(() => torchVersion('/nonexistent/python3')).toThrow(/apt-get install python3-torch/);
    const code = await runCli('usage', compareOptions, async (c) => torchVersion(c.python), [
      '--python',
      '/nonexistent/python3',
    ]);
    expect(code).toBe(1);
  });
});

const hasTorch =
  spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
if (!hasTorch)
  console.warn('compare: /usr/bin/python3 has no torch; the end-to-end PyTorch check is skipped');

describe.skipIf(!hasTorch)('with PyTorch (when /usr/bin/python3 has torch)', () => {
  it('replays mfnet’s run: the same loss at every step to 1e-9 in float64', async () => {
    const exp = tinyExperiment();
    const run = await runMfnet(exp, { ...config, steps: 6 });
    const dir = await mkdtemp(join(tmpdir(), 'mfnet-torch-'));
    const torch = runTorch(
      '/usr/bin/python3',
      await writeManifest(dir, exp, run, { ...config, steps: 6, threads: 1, lr: 0.05 }),
    );
    expect(torch.stepLosses).toHaveLength(6);
    expect(maxRelativeDifference(run.stepLosses, torch.stepLosses).max).toBeLessThan(1e-9);
    expect(torch.epochs[1]!.rmse).toBeCloseTo(run.epochs[1]!.rmse!, 9);
  });
});

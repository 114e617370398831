import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { regressionMetrics } from '../src/metrics.js';
import { train } from '../src/train.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    timeout: 240_000,
  });
const tempDir = () => mkdtemp(join(tmpdir(), 'mfnet-housing-'));

// The real data sits in ../shared beside the clone (CI has it); a fresh clone without it skips.
const shared = resolve(
  process.env.MFNET_SHARED_DIR ??
    fileURLToPath(new URL('../../../../shared/datasets', import.meta.url)),
);
const dataDir = join(shared, 'california-housing');
const hasData = existsSync(join(dataDir, 'cal_housing.data'));
if (!hasData)
  console.warn(`housing: ${dataDir} has no cal_housing.data; the tests on real data are skipped`);

describe('regressionMetrics', () => {
  it('gives RMSE and R² by their definitions', () => {
    // actual 1, 3, 3 (mean 7/3, SST = 16/9 + 4/9 + 4/9 = 8/3); errors 0, −1, 1 (SSE = 2).
    const { rmse, r2 } = regressionMetrics([1, 2, 4], [1, 3, 3]);
    expect(rmse).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(r2).toBeCloseTo(1 - 2 / (8 / 3), 15);
  });

  it('refuses R² where it does not exist (fewer than 2 targets, or no variance) instead of giving -Infinity', () => {
    expect(() => regressionMetrics([1], [2])).toThrow(
      /R² needs at least 2 targets that differ \(got 1 target/,
    );
    expect(() => regressionMetrics([1, 2], [3, 3])).toThrow(
      /R² needs at least 2 targets that differ/,
    );
    expect(() => regressionMetrics([1], [2, 3])).toThrow(/1 predictions for 2 targets/);
  });
});

describe('housing command line', () => {
  it('documents its options and refuses bad ones before any work', async () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('(default: 100)');
    expect(help.stdout).toContain('--test-size');
    const out = join(await tempDir(), 'run');
    const bad = run(['--test-size', '1.5', '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--test-size: "1.5" is not at most 0.99/);
    expect(existsSync(out)).toBe(false);
  });

  it('names the places it looked when there is no data and no --download', async () => {
    const empty = await tempDir();
    const r = run(['--data-dir', empty, '--out', join(empty, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cal_housing.data');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain('leave out --data-dir'); // the CLI's options, not the library's
    expect(r.stderr).not.toMatch(/`dir`|\{ dir \}|download: true/);
  });

  it.skipIf(!hasData)(
    'a data file of two rows is refused before training, not R² = -Infinity stored as null',
    async () => {
      const dir = await tempDir();
      const rows = (await readFile(join(dataDir, 'cal_housing.data'), 'utf8'))
        .split('\n')
        .slice(0, 2);
      await writeFile(join(dir, 'cal_housing.data'), `${rows.join('\n')}\n`);
      const out = join(dir, 'out');
      const r = run(['--epochs', '1', '--data-dir', dir, '--out', out]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /cal_housing.data: --test-size 0.2 leaves 1 test row\(s\); R² needs at least 2 test rows/,
      );
      expect(r.stderr).not.toContain('Infinity');
      expect(existsSync(out)).toBe(false);
    },
  );
});

describe.skipIf(!hasData)('on the real data', () => {
  it('prints one JSON object per epoch off a terminal with --json, and plain lines without it', async () => {
    const out = await tempDir();
    const json = run(['--epochs', '2', '--data-dir', dataDir, '--out', out, '--json']);
    expect(json.status).toBe(0);
    const records = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(records.map((r) => r.epoch)).toEqual([1, 2]);
    expect(records[1]!.r2).toBeGreaterThan(0.3);
    const plain = run(['--epochs', '1', '--data-dir', dataDir, '--out', out]);
    expect(plain.stdout).toMatch(
      /epoch 1\/1 {2}train loss \d\.\d{4} {2}test RMSE \d\.\d{4} {2}R² -?\d\.\d{4}/,
    );
    expect(plain.stdout.includes(String.fromCharCode(27))).toBe(false);
  });

  it('resumes from its checkpoint to the same weights as an uninterrupted run', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const straight = await train({ epochs: 3, dataDir, out: a, json: true, seed: 5 });
    await train({ epochs: 1, dataDir, out: b, json: true, seed: 5 });
    const resumed = await train({ epochs: 3, dataDir, out: b, json: true, seed: 5, resume: true });
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(resumed.rmse).toBe(straight.rmse);
    expect(await readFile(join(b, 'model.safetensors'))).toEqual(
      await readFile(join(a, 'model.safetensors')),
    );
  });

  it('downloads cal_housing.tgz from a mirror, verifies it, and trains on it', async () => {
    // A local mirror serving a .tgz built from the real file, as StatLib lays it out.
    const root = await tempDir();
    await mkdir(join(root, 'CaliforniaHousing'));
    await copyFile(
      join(dataDir, 'cal_housing.data'),
      join(root, 'CaliforniaHousing', 'cal_housing.data'),
    );
    const tgz = join(root, 'cal_housing.tgz');
    expect(
      spawnSync('tar', ['-czf', tgz, '-C', root, 'CaliforniaHousing/cal_housing.data']).status,
    ).toBe(0);
    const body = await readFile(tgz);
    const server: Server = createServer((req, res) => {
      if (req.url === '/cal_housing.tgz') res.end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const cacheDir = await tempDir();
      const out = await tempDir();
      const result = await train(
        { epochs: 1, download: true, out, json: true },
        {
          cacheDir,
          env: {},
          urls: [
            `http://127.0.0.1:${port}/missing.tgz`,
            `http://127.0.0.1:${port}/cal_housing.tgz`,
          ],
        },
      );
      expect(result.rmse).toBeLessThan(1);
      expect(await readdir(join(cacheDir, 'california-housing'))).toEqual(['cal_housing.data']);
    } finally {
      server.close();
    }
  });

  it('meets its target within 100 epochs (RMSE ≤ 0.53, R² ≥ 0.78)', async () => {
    const out = await tempDir();
    const result = await train({ dataDir, out, json: true });
    expect(result.history).toHaveLength(100);
    expect(result.rmse).toBeLessThanOrEqual(0.53);
    expect(result.r2).toBeGreaterThanOrEqual(0.78);
  });
});

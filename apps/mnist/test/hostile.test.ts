import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSafetensors } from '@mfnet/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticMnist } from './helpers/synthetic-mnist.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const args = (a: string[]) => ['--import', 'tsx', cli, ...a];
const run = (a: string[]) =>
  spawnSync(process.execPath, args(a), { encoding: 'utf8', timeout: 240_000 });
/** Runs the CLI without blocking, so two can run at once. */
const runAsync = (a: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args(a));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
const tempDir = () => mkdtemp(join(tmpdir(), 'mfnet-mnist-hostile-'));
const noStack = /\n\s+at /;
/** The pid of a process that has exited. */
const deadPid = () =>
  Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout,
  );

let data: string;
beforeAll(async () => {
  data = writeSyntheticMnist(join(await tempDir(), 'data'), { train: 3000, test: 100 });
});
// Small and quick: the synthetic data has 3000 training images.
const quick = ['--hidden', '16', '--threads', '1', '--json'];

describe('hostile data', () => {
  it.each([
    [14, 14],
    [27, 29],
  ])(
    'refuses %i×%i images before training, naming the file (they used to train on misaligned bytes)',
    async (rows, cols) => {
      const dir = writeSyntheticMnist(join(await tempDir(), 'odd'), {
        train: 2000,
        test: 10,
        rows,
        cols,
      });
      const out = join(await tempDir(), 'out');
      const r = run(['--epochs', '1', '--data-dir', dir, '--out', out, ...quick]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `error: MNIST: ${dir}/(train|t10k)-images-idx3-ubyte holds ${rows}×${cols} images .*expected 28×28`,
        ),
      );
      expect(r.stderr).not.toMatch(noStack);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('says --data-dir and --download, not the library options, when the data is not there', async () => {
    const empty = await tempDir();
    const r = run(['--data-dir', empty, '--out', join(empty, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('leave out --data-dir');
    expect(r.stderr).not.toMatch(/`dir`|\{ dir \}|download: true/);
  });
});

describe('the output directory', () => {
  it('a file in the way of --out is one line naming the path, exit 1, before any training', async () => {
    const file = join(await tempDir(), 'f');
    await writeFile(file, 'mine');
    for (const out of [file, join(file, 'sub')]) {
      const r = run(['--epochs', '1', '--data-dir', data, '--out', out, ...quick]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: --out ${out}: .*in the way`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).not.toContain('"epoch"');
    }
    expect(await readFile(file, 'utf8')).toBe('mine');
  });

  it("a second run on a live run's --out is refused, and every file is the live run's", async () => {
    // The overlap is made certain rather than left to timing: the first run is stopped
    // (SIGSTOP: alive, holding its claim) once it has printed its first epoch, the second one
    // runs against it, then the first goes on. Each seed takes a turn as the first.
    for (const seed of [0, 1]) {
      const out = join(await tempDir(), 'shared');
      const common = ['--epochs', '3', '--data-dir', data, '--out', out, ...quick];
      const first = spawn(process.execPath, args([...common, '--seed', String(seed)]));
      let firstOut = '';
      const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));
      await new Promise<void>((resolve, reject) => {
        first.stdout.on('data', (d) => {
          firstOut += d;
          if (firstOut.includes('"type":"epoch"')) resolve();
        });
        first.on('close', (status) => reject(new Error(`the first run ended (${status}) early`)));
      });
      first.kill('SIGSTOP');
      const second = await runAsync([...common, '--seed', String(1 - seed)]);
      first.kill('SIGCONT');
      expect(await firstDone).toBe(0);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `^error: --out ${out}: another run \\(pid ${first.pid}\\) is writing to this directory`,
        ),
      );
      expect(second.stderr).not.toMatch(noStack);
      // Every file is the first run's: metrics, checkpoint fingerprint, and the same weights.
      const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
      expect(metrics.config.seed).toBe(seed);
      const ckpt = decodeSafetensors(await readFile(join(out, 'checkpoint.safetensors')));
      expect(JSON.parse(ckpt.metadata.fingerprint!).seed).toBe(seed);
      const model = decodeSafetensors(await readFile(join(out, 'model.safetensors')));
      for (const [name, t] of model.tensors)
        expect(ckpt.tensors.get(`model.${name}`)!.toArray()).toEqual(t.toArray());
      expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
    }
  });
});

describe('resume', () => {
  it("takes over a dead run's lock, removes its temp files, lets --lr change (recorded per epoch), and keeps epochs = history rows", async () => {
    const out = await tempDir();
    expect(run(['--epochs', '2', '--data-dir', data, '--out', out, ...quick]).status).toBe(0);
    const before = await readFile(join(out, 'metrics.json'), 'utf8');

    // --epochs counts all epochs: fewer than the checkpoint holds is an option error.
    const fewer = run(['--epochs', '1', '--data-dir', data, '--out', out, '--resume', ...quick]);
    expect(fewer.status).toBe(2);
    expect(fewer.stderr).toMatch(
      /--epochs 1: the checkpoint .*checkpoint.safetensors already holds 2 epochs/,
    );
    expect(await readFile(join(out, 'metrics.json'), 'utf8')).toBe(before);

    // A run killed with kill -9 leaves its lock and a temp file; the next run cleans up after it.
    const dead = deadPid();
    await writeFile(join(out, '.mfnet-run.lock'), `${dead}\n`);
    const temp = `.checkpoint.safetensors.${dead}.0a1b2c3d4e5f.tmp`;
    await writeFile(join(out, temp), new Uint8Array(1000));
    const more = run([
      '--epochs',
      '3',
      '--lr',
      '0.01',
      '--data-dir',
      data,
      '--out',
      out,
      '--resume',
      ...quick,
    ]);
    expect(more.stderr).not.toContain('error'); // random labels: a chance-level warning is fair
    expect(more.status).toBe(0);
    expect(existsSync(join(out, temp))).toBe(false);
    expect(existsSync(join(out, '.mfnet-run.lock'))).toBe(false);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.config.epochs).toBe(3);
    expect(metrics.history).toHaveLength(3);
    expect(metrics.history.map((h: { lr: number }) => h.lr)).toEqual([0.1, 0.1, 0.01]);
  });

  it('refuses a checkpoint with a flipped byte in its weights, naming it', async () => {
    const out = await tempDir();
    expect(run(['--epochs', '1', '--data-dir', data, '--out', out, ...quick]).status).toBe(0);
    const path = join(out, 'checkpoint.safetensors');
    const bytes = new Uint8Array(await readFile(path));
    bytes[bytes.length - 100]! ^= 0x01;
    await writeFile(path, bytes);
    const r = run(['--epochs', '2', '--data-dir', data, '--out', out, '--resume', ...quick]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: --resume: ${path}: the content's SHA-256 is`));
  });

  it.each([
    ['fingerprint', '{"seed":', /metadata field "fingerprint" is not JSON/],
    ['state', 'oops', /metadata field "state" is not JSON/],
    ['optimizerStep', 'NaN', /metadata field "optimizerStep" is "NaN"; expected a whole number/],
  ])(
    'refuses checkpoint metadata %s = %j in one line naming the file and the field (not a SyntaxError, not "step NaN")',
    async (field, value, message) => {
      const out = await tempDir();
      expect(run(['--epochs', '1', '--data-dir', data, '--out', out, ...quick]).status).toBe(0);
      const path = join(out, 'checkpoint.safetensors');
      const { encodeSafetensors } = await import('@mfnet/layers');
      const c = decodeSafetensors(await readFile(path));
      await writeFile(
        path,
        encodeSafetensors(c.tensors, { metadata: { ...c.metadata, [field]: value } }),
      );
      const r = run(['--epochs', '2', '--data-dir', data, '--out', out, '--resume', ...quick]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: --resume: ${path}: `));
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(noStack);
      expect(r.stdout).not.toContain('"epoch"');
    },
  );
});

describe('divergence', () => {
  it('a NaN loss stops the run naming the epoch, with advice the command line can follow', async () => {
    const out = await tempDir();
    const r = run(['--epochs', '2', '--lr', '1e300', '--data-dir', data, '--out', out, ...quick]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^error: training diverged in epoch 1, batch \d+ of 47 \(lr 1e\+300\): /,
    );
    expect(r.stderr).toContain('--lr 1e+299');
    expect(r.stderr).not.toMatch(noStack);
    expect(existsSync(join(out, '.mfnet-run.lock'))).toBe(false);
  });
});

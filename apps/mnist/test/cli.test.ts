import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSafetensors } from '@mfnet/layers';
import { describe, expect, it } from 'vitest';
import { train } from '../src/train.js';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    timeout: 240_000,
  });
const tempDir = () => mkdtemp(join(tmpdir(), 'mfnet-mnist-'));

describe('mnist command line', () => {
  it('documents every option with its default', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const flag of [
      '--epochs',
      '--batch-size',
      '--lr',
      '--optimizer',
      '--hidden',
      '--activation',
      '--backend',
      '--dtype',
      '--seed',
      '--max-grad-norm',
      '--data-dir',
      '--download',
      '--out',
      '--resume',
      '--json',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('(default: 10)');
    expect(r.stdout).toContain('(default: 128,64)');
  });

  it.each([
    [['--epochs', '0'], /--epochs: "0" is not at least 1/],
    [['--optimizer', 'rmsprop'], /--optimizer: "rmsprop" is not one of sgd, momentum, adam/],
    [['--lr', '-0.1'], /--lr: "-0.1" is not greater than 0/],
    [['--bogus'], /unknown option --bogus/],
    [['--hidden', '128,x'], /--hidden/],
    [['--hidden', '100000000'], /--hidden: "100000000" is not a list of integers of at most 16384/],
    [
      ['--seed', '4294967297'],
      /--seed: "4294967297" is not at most 4294967295 \(a seed is an integer in \[0, 2\^32\)/,
    ],
    [['--out', ''], /--out: "" is not a path/],
  ])('refuses %j before any work, writing nothing', async (args, message) => {
    const out = join(await tempDir(), 'run');
    const r = run([...args, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('prints plain lines off a terminal, and one JSON object per epoch with --json', async () => {
    const out = await tempDir();
    const plain = run(['--epochs', '1', '--train-samples', '500', '--out', out]);
    expect(plain.status).toBe(0);
    expect(plain.stdout.includes(String.fromCharCode(27))).toBe(false);
    expect(plain.stdout).toMatch(/epoch 1\/1 {2}train loss \d\.\d{4} {2}test accuracy \d+\.\d\d%/);
    expect(plain.stderr).not.toContain('warning'); // a sound run is not called diverged

    const json = run(['--epochs', '2', '--train-samples', '500', '--out', out, '--json']);
    expect(json.status).toBe(0);
    const lines = json.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const records = lines.map((l) => JSON.parse(l) as Record<string, number>);
    expect(records.map((r) => r.epoch)).toEqual([1, 2]);
    for (const r of records) {
      expect(r.accuracy).toBeGreaterThan(0.5);
      expect(r.trainLoss).toBeGreaterThan(0);
    }
  });
});

describe('finite divergence', () => {
  it('--lr 1e6 trains to chance accuracy: a warning on stderr and in metrics.json, naming the epoch', async () => {
    const out = await tempDir();
    const r = run(['--epochs', '1', '--train-samples', '2000', '--lr', '1e6', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: epoch 1: .*(at chance level|over 100 times the loss at the start).*--lr 100000/,
    );
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.warnings).toHaveLength(1);
    expect(metrics.warnings[0]).toMatch(/^epoch 1: /);
  });
});

describe('train()', () => {
  it('learns, and writes the model, metrics.json and the charts', async () => {
    const out = await tempDir();
    const result = await train({ epochs: 2, trainSamples: 3000, out, json: true });
    expect(result.accuracy).toBeGreaterThan(0.85);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.history).toHaveLength(2);
    expect(metrics.config.trainSamples).toBe(3000);
    expect(metrics.versions['@mfnet/tensor']).toMatch(/^\d+\.\d+\.\d+/);
    expect(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10000);
    const model = decodeSafetensors(await readFile(join(out, 'model.safetensors')));
    expect([...model.tensors.keys()]).toEqual([
      'layers.0.weight',
      'layers.2.weight',
      'layers.4.weight',
    ]);
    expect(model.tensors.get('layers.0.weight')!.shape).toEqual([129, 785]);
    for (const chart of ['curves.svg', 'confusion.svg']) {
      expect((await readFile(join(out, chart), 'utf8')).startsWith('<svg')).toBe(true);
    }
  });
});

describe('resume', () => {
  const args = [
    '--epochs',
    '3',
    '--train-samples',
    '2000',
    '--optimizer',
    'adam',
    '--seed',
    '7',
    '--json',
  ];

  it('a run killed mid-training and resumed ends with the same weights as an uninterrupted run', async () => {
    const straight = await tempDir();
    expect(run([...args, '--out', straight]).status).toBe(0);

    const killed = await tempDir();
    const child: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', cli, ...args, '--out', killed],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it as soon as the first checkpoint is in place: in the middle of epoch 2.
    while (!existsSync(join(killed, 'checkpoint.safetensors')))
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(killed, 'model.safetensors'))).toBe(false);

    const resumed = run([...args, '--out', killed, '--resume']);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout.trim().split('\n').length).toBeLessThan(3); // only the epochs left
    const a = decodeSafetensors(await readFile(join(straight, 'model.safetensors')));
    const b = decodeSafetensors(await readFile(join(killed, 'model.safetensors')));
    for (const [name, t] of a.tensors) expect(b.tensors.get(name)!.toArray()).toEqual(t.toArray());
    const history = JSON.parse(await readFile(join(killed, 'metrics.json'), 'utf8')).history;
    expect(history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2, 3]);
  });

  it('refuses a checkpoint made with other settings', async () => {
    const out = await tempDir();
    expect(run(['--epochs', '1', '--train-samples', '500', '--out', out]).status).toBe(0);
    const r = run([
      '--epochs',
      '2',
      '--train-samples',
      '500',
      '--seed',
      '3',
      '--out',
      out,
      '--resume',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/was made with seed = 0, this run has 3/);
  });
});

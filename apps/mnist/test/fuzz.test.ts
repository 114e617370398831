import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions, runCli, UsageError } from '@mfnet/app-kit';
import { decodeSafetensors, encodeSafetensors } from '@mfnet/layers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mnistOptions } from '../src/options.js';
import { train } from '../src/train.js';
import { writeSyntheticMnist } from './helpers/synthetic-mnist.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'mfnet-mnist-fuzz-'));

/** Runs the command line in this process (cli.ts is exactly this call); returns its exit code and stderr. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const code = await runCli('usage', mnistOptions, (options) => train(options), argv);
    return { code, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

/** Name and SHA-256 of every file in `dir`: what "untouched" means. */
async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(
    names.map(
      async (n) =>
        `${n} ${createHash('sha256')
          .update(await readFile(join(dir, n)))
          .digest('hex')}`,
    ),
  );
}

let data: string;
let out: string;
const settings = ['--hidden', '4', '--threads', '1', '--train-samples', '64', '--batch-size', '16'];
beforeAll(async () => {
  data = writeSyntheticMnist(join(await tempDir(), 'data'), { train: 64, test: 20 });
  out = await tempDir();
  const first = await cli(['--epochs', '1', '--data-dir', data, '--out', out, ...settings]);
  expect(first).toEqual({ code: 0, stderr: expect.any(String) });
});

const flags = Object.keys(mnistOptions).map(
  (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
);
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    '4294967296',
    '9007199254740993',
    '1,2',
    'x,1',
    '100000000',
    'true',
    'adam',
    'tanh',
    'float32',
    'cpu',
  ),
);
const token = fc.oneof(
  fc.tuple(fc.constantFrom(...flags), value).map(([f, v]) => [f, v]),
  fc.tuple(fc.constantFrom(...flags), value).map(([f, v]) => [`${f}=${v}`]),
  fc.constantFrom(...flags).map((f) => [f]),
  fc.string({ maxLength: 10 }).map((s) => [s]),
);

describe('fuzz (fast-check)', () => {
  it('over the command-line options: one line, exit 2 for a bad option, 1 for what follows, outputs untouched', async () => {
    const before = await snapshot(out);
    const empty = await tempDir();
    const codes = { 1: 0, 2: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 5 }), async (tokens) => {
        const argv = tokens.flat().filter((t) => t !== '--help' && t !== '-h');
        // Whatever the fuzz says, the data is not there and the outputs go to `out`: a run
        // that gets past the options stops at the data, before touching `out`.
        const full = [...argv, '--data-dir', empty, '--out', out, '--threads', '1'];
        let badOption = false;
        try {
          parseOptions(mnistOptions, full);
        } catch (error) {
          badOption = error instanceof UsageError;
        }
        const { code, stderr } = await cli(full);
        expect(stderr).toMatch(/^error: /);
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(code).toBe(badOption ? 2 : 1);
        codes[code as 1 | 2]++;
        if (badOption) expect(stderr.trim().split('\n')).toHaveLength(1);
      }),
      { numRuns: 120 },
    );
    // Both kinds of failure were exercised, not only the parser's.
    expect(codes[1]).toBeGreaterThan(5);
    expect(codes[2]).toBeGreaterThan(5);
    expect(await snapshot(out)).toEqual(before);
  });

  it('over checkpoint metadata: one line naming the checkpoint, exit 1, outputs untouched', async () => {
    const path = join(out, 'checkpoint.safetensors');
    const original = decodeSafetensors(await readFile(path));
    const fields = Object.keys(original.metadata);
    const damaged = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      fc.integer().map(String),
      fc.double().map(String),
    );
    const others = await snapshot(out);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), damaged, async (field, v) => {
        fc.pre(v !== original.metadata[field]);
        const metadata = { ...original.metadata, [field]: v };
        const bytes = encodeSafetensors(original.tensors, { metadata });
        await writeFile(path, bytes);
        const { code, stderr } = await cli([
          '--epochs',
          '2',
          '--resume',
          '--data-dir',
          data,
          '--out',
          out,
          ...settings,
        ]);
        expect(code).toBe(1);
        expect(stderr).toMatch(new RegExp(`^error: --resume: ${path}: `));
        expect(stderr.trim().split('\n')).toHaveLength(1);
        // Nothing written: the damaged checkpoint is as it was, the other outputs too.
        expect(new Uint8Array(await readFile(path))).toEqual(bytes);
        const now = (await snapshot(out)).filter((l) => !l.startsWith('checkpoint.'));
        expect(now).toEqual(others.filter((l) => !l.startsWith('checkpoint.')));
      }),
      { numRuns: 40 },
    );
  });
});

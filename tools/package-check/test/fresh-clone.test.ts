// `pnpm --filter <package> test` works on a fresh clone right after the install command: the
// working tree's files as git would check them out (tracked and new, nothing ignored: no dist,
// no node_modules, no generated kernels) go to a folder outside the workspace, `pnpm install
// --frozen-lockfile` runs there (from the pnpm store, else the npm registry), and then one
// package's tests, whose @mfnet/tensor sources import a module that only a build generates.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT, run } from '../src/workspace.js';

const GENERATED = 'packages/tensor/src/cpu/wasm/kernels.generated.js';
let clone = '';

afterAll(() => {
  if (clone !== '') rmSync(clone, { recursive: true, force: true });
});

it('runs `pnpm --filter @mfnet/losses test` right after `pnpm install` on a fresh clone', () => {
  clone = mkdtempSync(join(tmpdir(), 'mfnet-fresh-clone-'));
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT);
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(from, join(clone, file));
  }
  expect(existsSync(join(clone, GENERATED)), 'the clone starts without generated files').toBe(
    false,
  );

  run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], clone);
  const plain = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  const output = run('pnpm', ['--filter', '@mfnet/losses', 'test'], clone, plain);
  expect(output).toMatch(/Test Files\s+\d+ passed/);
  expect(output).not.toMatch(/failed/);
  expect(existsSync(join(clone, GENERATED)), 'the test run built the kernels').toBe(true);
});

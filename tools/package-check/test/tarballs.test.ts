// The published packages as a user gets them: `pnpm pack` each of them, install the
// tarballs in a folder outside the workspace (from the pnpm store where it has them, else the
// npm registry), then require and import every entry there, check that each class is one class
// across entries, and type-check a CommonJS and an ESM consumer with `module: node16`.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_DIR, PUBLISHED, ROOT, readPackageJson, run } from '../src/workspace.js';

let dir = '';
/** Tarball file name of each package folder. */
const tarballs = new Map<string, string>();

/** The version the workspace has installed of a package that tensor uses. */
function workspaceVersion(name: string, from: string): string {
  const path = join(ROOT, from, 'node_modules', name, 'package.json');
  return String(readPackageJson(path).version);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfnet-tarballs-'));
  for (const name of PUBLISHED) {
    const before = new Set(readdirSync(dir));
    run('pnpm', ['pack', '--pack-destination', dir], join(ROOT, 'packages', name));
    const made = readdirSync(dir).filter((f) => !before.has(f));
    expect(made, `pnpm pack of packages/${name}`).toHaveLength(1);
    tarballs.set(name, made[0]!);
  }
  // Each tarball's dependencies on @mfnet packages (tensor; train's on all five) resolve to the
  // packed ones, never the registry.
  const overrides = [...tarballs]
    .map(([name, file]) => `  "@mfnet/${name}": "file:./${file}"\n`)
    .join('');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'mfnet-consumer', private: true, version: '0.0.0' }),
  );
  writeFileSync(join(dir, 'pnpm-workspace.yaml'), `overrides:\n${overrides}`);
  const peers = [
    `gpu.js@${workspaceVersion('gpu.js', 'packages/tensor')}`,
    `vitest@${workspaceVersion('vitest', 'packages/tensor')}`,
    `@types/node@${workspaceVersion('@types/node', 'packages/tensor')}`,
    `typescript@${workspaceVersion('typescript', 'packages/tensor')}`,
  ];
  const files = [...tarballs.values()].map((f) => `./${f}`);
  run('pnpm', ['add', '--prefer-offline', '--ignore-scripts', ...files, ...peers], dir);
  for (const f of ['classes.cjs', 'classes.mjs', 'consumer.cts', 'consumer.mts', 'tsconfig.json']) {
    copyFileSync(join(CONSUMER_DIR, f), join(dir, f));
  }
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('the packed packages, installed outside the workspace', () => {
  it('require: one class per name across entries (Node loads the ESM files: module-sync)', () => {
    expect(run(process.execPath, ['classes.cjs'], dir)).toMatch(/^ok$/m);
  });

  it('require without require(esm): one class per name across the CommonJS build', () => {
    const output = run(process.execPath, ['--no-experimental-require-module', 'classes.cjs'], dir);
    expect(output).toMatch(/^ok$/m);
    // The CommonJS build really ran: a .cjs file of the packed tensor is in the module cache.
    const cached = run(
      process.execPath,
      [
        '--no-experimental-require-module',
        '-e',
        "require('@mfnet/tensor/gpujs'); console.log(Object.keys(require.cache).join('\\n'))",
      ],
      dir,
    );
    expect(cached).toMatch(/@mfnet\/tensor\/dist\/gpujs\/index\.cjs$/m);
  });

  it('import: one class per name across entries, and the same classes as require', () => {
    expect(run(process.execPath, ['classes.mjs'], dir)).toMatch(/^ok$/m);
  });

  it('types: a .cts and an .mts consumer type-check with module node16', () => {
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const files = run(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], dir);
    // No errors (tsc prints them before the file list), and both kinds of types were read.
    expect(files).not.toMatch(/error TS/);
    expect(files).toMatch(/@mfnet\/tensor\/dist\/index\.d\.cts$/m);
    expect(files).toMatch(/@mfnet\/tensor\/dist\/index\.d\.ts$/m);
  });

  it('ship no sourcemaps, no CommonJS for the ESM-only entries, and the LICENSE', () => {
    for (const [name, file] of tarballs) {
      const listing = run('tar', ['-tzf', file], dir).split('\n').filter(Boolean);
      expect(listing, name).toContain('package/LICENSE');
      expect(listing, name).toContain('package/README.md');
      expect(
        listing.filter((f) => f.endsWith('.map')),
        name,
      ).toEqual([]);
      const esmOnlyCjs = listing.filter((f) =>
        /\/dist\/(conformance|testing)\/.*\.(cjs|d\.cts)$/.test(f),
      );
      expect(esmOnlyCjs, name).toEqual([]);
    }
  });
});

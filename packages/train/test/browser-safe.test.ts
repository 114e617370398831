import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as tsup } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../tsup.config.js';

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, '../..');
const builtins = new Set(builtinModules);
const isNodeModule = (s: string) => s.startsWith('node:') || builtins.has(s);

/** The import specifiers of a JavaScript or TypeScript file (static, dynamic, side-effect). */
function specifiersOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

/** Every file reachable from `file` through relative imports (sources: `.js` → `.ts`). */
function importGraph(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const specifiers = specifiersOf(file);
  seen.set(file, specifiers);
  for (const spec of specifiers.filter((s) => s.startsWith('.'))) {
    const target = resolve(dirname(file), spec);
    const ts = target.replace(/\.js$/, '.ts');
    importGraph(existsSync(ts) && !file.endsWith('.js') ? ts : target, seen);
  }
  return seen;
}

/** The source of a workspace package's entry, e.g. `@mfnet/tensor` → packages/tensor/src/index.ts. */
function workspaceSource(specifier: string): string {
  const [, name, sub] = /^@mfnet\/([a-z-]+)(?:\/(.+))?$/.exec(specifier)!;
  return join(packages, name!, 'src', sub ?? '', 'index.ts');
}

describe('the main entry @mfnet/train, as built', () => {
  let outDir = '';

  beforeAll(async () => {
    // The main entry built as `pnpm build` builds it (ESM, code splitting), into a folder of
    // this test's own, so that a concurrent build of dist/ is not disturbed.
    outDir = mkdtempSync(join(tmpdir(), 'mfnet-train-build-'));
    await tsup({
      entry: build.entry,
      format: ['esm'],
      outDir,
      splitting: true,
      target: 'es2022',
      external: build.external ?? [],
      dts: false,
      silent: true,
      config: false,
    });
  }, 120_000);

  afterAll(() => {
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  it('imports no Node module, nor does any @mfnet package it imports', () => {
    const graph = importGraph(join(outDir, 'index.js'));
    expect(readdirSync(outDir)).toContain('index.js');
    const offenders: string[] = [];
    const packagesUsed = new Set<string>();
    for (const [file, specs] of graph) {
      for (const s of specs) {
        if (isNodeModule(s)) offenders.push(`${file} imports ${s}`);
        else if (s.startsWith('@mfnet/')) packagesUsed.add(s);
      }
    }
    expect(offenders).toEqual([]);
    // Packages it composes, by their main entries only (layers is imported for types alone).
    expect([...packagesUsed].sort()).toEqual([
      '@mfnet/data',
      '@mfnet/losses',
      '@mfnet/optim',
      '@mfnet/tensor',
    ]);
    for (const pkg of packagesUsed) {
      const deps = importGraph(workspaceSource(pkg));
      for (const [file, specs] of deps) {
        for (const s of specs) {
          if (isNodeModule(s)) offenders.push(`${file} imports ${s}`);
          else if (s.startsWith('@mfnet/') && !packagesUsed.has(s))
            offenders.push(`${file} imports ${s}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the node entry does reach Node modules (the walk sees them)', () => {
    const graph = importGraph(join(outDir, 'node', 'index.js'));
    const specs = [...graph.values()].flat();
    // (esbuild writes `node:crypto` as `crypto`: both are Node modules to the walk.)
    expect(specs.filter(isNodeModule).map((s) => s.replace(/^node:/, ''))).toContain('crypto');
    expect(specs).toContain('@mfnet/train');
  });
});

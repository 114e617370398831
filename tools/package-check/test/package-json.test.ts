// Every published package follows the one build scheme (tsup.shared.ts): its package.json's
// exports are exactly what its tsup entries build, it ships the LICENSE, says which Node it
// needs, and runs publint and attw (`check-package`, part of `pnpm test`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PackageBuild, packageExports } from '../../../tsup.shared.js';
import { PUBLISHED, ROOT, readPackageJson } from '../src/workspace.js';

const rootPackage = readPackageJson(join(ROOT, 'package.json'));
const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

describe.each(PUBLISHED)('packages/%s', (name) => {
  const dir = join(ROOT, 'packages', name);
  const pkg = readPackageJson(join(dir, 'package.json'));

  it('exports exactly what its tsup entries build', async () => {
    const { build } = (await import(join(dir, 'tsup.config.ts'))) as { build: PackageBuild };
    expect(pkg.exports).toEqual(packageExports(build));
    expect(pkg.main).toBe('./dist/index.cjs');
    expect(pkg.module).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.cts');
  });

  it('ships the MIT LICENSE and says which Node it needs', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(license);
    expect(pkg.engines).toEqual(rootPackage.engines);
    expect(pkg.files).toEqual(['dist', 'README.md']);
    expect((pkg.keywords as string[]).length).toBeGreaterThan(0);
  });

  it('checks itself with publint and attw (node16 profile; ESM-only entries as such)', async () => {
    const { build } = (await import(join(dir, 'tsup.config.ts'))) as { build: PackageBuild };
    const script = (pkg.scripts as Record<string, string>)['check-package'] ?? '';
    expect(script).toMatch(/^publint --strict && attw --pack \. --profile node16/);
    for (const entry of Object.keys(build.esmOnly ?? {})) {
      const subpath = `./${entry.replace(/\/index$/, '')}`;
      expect(script).toContain(`--exclude-entrypoints`);
      expect(script).toMatch(new RegExp(`--profile esm-only --entrypoints .*${subpath}`));
    }
  });
});

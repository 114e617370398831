import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { type ChromiumExecutable, chromiumExecutable } from './executable.js';
import { chromiumLibraryPath } from './extract.js';
import { CHROMIUM_ARGS } from './flags.js';

export interface LaunchedChromium {
  browser: Browser;
  executable: ChromiumExecutable;
}

/**
 * Headless Chromium (see chromiumExecutable for which binary) driven by playwright-core, with
 * WebGL2 on SwiftShader and no background networking. `options` are passed on to playwright;
 * `options.args` are added after the repository's own switches.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  const executable = await chromiumExecutable();
  const libraryPath = chromiumLibraryPath(executable.path);
  const env = { ...(options.env ?? process.env) };
  if (libraryPath !== undefined) env.LD_LIBRARY_PATH = libraryPath;
  const browser = await chromium.launch({
    ...options,
    env,
    executablePath: executable.path,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  return { browser, executable };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChromiumExecutable, launchChromium, type Page } from '@mfnet/chromium';
import { build, preview } from 'vite';
import type { BrowserBenchOptions, BrowserBenchResult } from '../../browser/src/main.js';
import type { ProfileResult } from '../../browser/src/profile.js';

export type { BrowserBenchOptions, BrowserBenchResult };

/** The page's result, and the browser it ran in. */
export interface BrowserRun extends BrowserBenchResult {
  chromium: { version: string; path: string; source: ChromiumExecutable['source'] };
}

const root = fileURLToPath(new URL('../../browser/', import.meta.url));

/**
 * Builds the benchmark page (tools/bench/browser) with Vite into a temporary folder, serves it
 * on 127.0.0.1, opens it in headless Chromium (@mfnet/chromium: WebGL2 on SwiftShader unless
 * MFNET_CHROMIUM names a Chromium with a hardware GL and its switches) and runs it there.
 * `log` receives the page's progress lines.
 */
export async function runBrowserBench(
  options: BrowserBenchOptions & { log?: (line: string) => void; chromiumArgs?: string[] } = {},
): Promise<BrowserRun> {
  const { log, chromiumArgs, ...benchOptions } = options;
  return onBenchPage({ log, chromiumArgs }, async (page) => {
    const result = await page.evaluate((o) => window.mfnetBench.run(o), benchOptions);
    return result;
  });
}

/**
 * The gpu.js backend's step kernel by kernel, and gpu.js's cost per call (browser/src/profile.ts),
 * on the same page and browser as the benchmark.
 */
export async function runBrowserProfile(
  options: { steps?: number; log?: (line: string) => void; chromiumArgs?: string[] } = {},
): Promise<ProfileResult & { chromium: BrowserRun['chromium'] }> {
  const { log, chromiumArgs, steps = 20 } = options;
  return onBenchPage({ log, chromiumArgs }, (page) =>
    page.evaluate((s) => window.mfnetBench.profile({ steps: s }), steps),
  );
}

/** `compareGpujs` of the page (browser/src/profile.ts): gpu.js backend variants side by side. */
export async function runBrowserCompare(
  options: Parameters<Window['mfnetBench']['compareGpujs']>[0] & { chromiumArgs?: string[] },
): Promise<Awaited<ReturnType<Window['mfnetBench']['compareGpujs']>>> {
  const { chromiumArgs, ...compare } = options;
  const { rows } = await onBenchPage({ chromiumArgs }, async (page) => ({
    rows: await page.evaluate((o) => window.mfnetBench.compareGpujs(o), compare),
  }));
  return rows;
}

/** Builds and serves the page, opens it, and hands it to `use`; adds the browser's identity. */
async function onBenchPage<T>(
  options: { log?: ((line: string) => void) | undefined; chromiumArgs?: string[] | undefined },
  use: (page: Page) => Promise<T>,
): Promise<T & { chromium: BrowserRun['chromium'] }> {
  const { log = () => {}, chromiumArgs = [] } = options;
  const outDir = mkdtempSync(join(tmpdir(), 'mfnet-bench-page-'));
  const configFile = join(root, 'vite.config.ts');
  try {
    await build({ root, configFile, build: { outDir } });
    const server = await preview({
      root,
      configFile,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    try {
      const { browser, executable } = await launchChromium({ args: chromiumArgs });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        // Chromium's own GL performance notes ("GPU stall due to ReadPixels") are not progress.
        page.on('console', (message) => {
          if (!message.text().includes('GL Driver Message')) log(message.text());
        });
        await page.goto(server.resolvedUrls!.local[0]!);
        await page.waitForFunction(() => window.mfnetBench !== undefined);
        const result = await use(page);
        if (problems.length > 0) throw new Error(`the page failed: ${problems.join('; ')}`);
        return {
          ...result,
          chromium: {
            version: browser.version(),
            path: executable.path,
            source: executable.source,
          },
        };
      } finally {
        await browser.close();
      }
    } finally {
      await server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

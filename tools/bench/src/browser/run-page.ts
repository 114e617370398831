import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ChromiumExecutable, launchChromium } from '@mfnet/chromium';
import { build, preview } from 'vite';
import type { BrowserBenchOptions, BrowserBenchResult } from '../../browser/src/main.js';

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
  const { log = () => {}, chromiumArgs = [], ...benchOptions } = options;
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
        const result = await page.evaluate((o) => window.mfnetBench.run(o), benchOptions);
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, launchChromium } from '@mfnet/chromium';
import { build, preview } from 'vite';

/** The built page, served on 127.0.0.1, and a headless Chromium to open it in. */
export interface ServedPage {
  /** The page's address, ending in `/`: add a query (`?fit`) to choose what it runs. */
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the page with Vite into a temporary folder, serves it, and launches @mfnet/chromium's
 * Chromium (MFNET_CHROMIUM, else Debian's, else the registry package's: never skipped; where none
 * can be found, the test fails saying why). WebGL there runs on SwiftShader, the CPU implementation
 * of GL.
 */
export async function servePage(tempPrefix: string): Promise<ServedPage> {
  const outDir = mkdtempSync(join(tmpdir(), tempPrefix));
  const configFile = join(root, 'vite.config.ts');
  await build({ root, configFile, build: { outDir } });
  const server = await preview({
    root,
    configFile,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error(`the preview server of ${root} has no local URL`);
  const { browser } = await launchChromium();
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

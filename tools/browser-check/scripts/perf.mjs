// Builds the page, serves it, opens `?perf${process.env.PERF_EXTRA ?? ""}` in headless Chromium (WebGL2 on SwiftShader) and
// prints gpu.js's cost per kernel call and what an mfnet gpujs MNIST step costs (against TF.js: tools/bench).
// Usage: node scripts/perf.mjs [chromium path] (default: @mfnet/chromium's, i.e. $MFNET_CHROMIUM,
// else Debian's, else the registry package's; build @mfnet/chromium first).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@mfnet/chromium';
import { build, preview } from 'vite';

if (process.argv[2] !== undefined) process.env.MFNET_CHROMIUM = process.argv[2];
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'mfnet-perf-'));
const configFile = join(root, 'vite.config.ts');
await build({ root, configFile, build: { outDir }, logLevel: 'error' });
const server = await preview({
  root,
  configFile,
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0 },
});
const { browser } = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.resolvedUrls.local[0]}?perf${process.env.PERF_EXTRA ?? ''}`, {
    waitUntil: 'commit',
  });
  await page.waitForFunction(() => window.mfnetResult !== undefined, undefined, {
    timeout: 600_000,
  });
  const report = await page.evaluate(() => window.mfnetResult);
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}

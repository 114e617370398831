import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../src/conformance.js';
import type { TrainResult } from '../src/train.js';

/**
 * Builds the page with Vite, serves it on 127.0.0.1, and loads it in Debian's headless Chromium
 * (driven by playwright-core), where WebGL runs on SwiftShader, the CPU implementation of GL.
 * Skipped, saying why, where /usr/bin/chromium is not installed (apt-get install chromium).
 */
const CHROMIUM = process.env.MFNET_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`browser check skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

const root = fileURLToPath(new URL('..', import.meta.url));

describe.skipIf(!hasChromium)('the gpu.js backend in headless Chromium', () => {
  let outDir = '';
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'mfnet-browser-check-'));
    await build({ root, configFile: join(root, 'vite.config.ts'), build: { outDir } });
    server = await preview({
      root,
      configFile: join(root, 'vite.config.ts'),
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        // WebGL on SwiftShader: Chromium's software GL, present without a GPU or a display.
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  it('trains a tiny network on WebGL: the loss goes down', async () => {
    const url = server?.resolvedUrls?.local[0];
    expect(url, 'the preview server has no URL').toBeDefined();
    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    // gpu.js warns when a kernel falls back to its CPU engine: that must not happen here.
    // Chromium's own GL performance notes ("GPU stall due to ReadPixels") are not problems.
    page.on('console', (message) => {
      const text = message.text();
      const kind = message.type();
      if ((kind === 'warning' || kind === 'error') && !text.includes('GL Driver Message')) {
        problems.push(text);
      }
    });
    await page.goto(url!);
    await page.waitForFunction(() => window.mfnetResult !== undefined, undefined, {
      timeout: 120_000,
    });
    const result = (await page.evaluate(() => window.mfnetResult)) as
      | TrainResult
      | { error: string };
    expect(problems).toEqual([]);
    if ('error' in result) throw new Error(`the page failed: ${result.error}`);
    console.log(
      `browser check: engine ${result.engine}, loss ${result.losses[0]} → ${result.losses.at(-1)} ` +
        `in ${result.seconds.toFixed(2)} s`,
    );
    expect(['webgl2', 'webgl'], `passed over: ${result.skipped.join('; ')}`).toContain(
      result.engine,
    );
    expect(result.losses).toHaveLength(9);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(result.losses.at(-1)!).toBeLessThan(result.losses[0]! / 10);
  });

  it('passes the backend conformance suite on WebGL', async () => {
    const page = await browser!.newPage();
    await page.goto(`${server!.resolvedUrls!.local[0]!}?conformance`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.mfnetResult !== undefined, undefined, {
      timeout: 290_000,
    });
    const report = (await page.evaluate(() => window.mfnetResult)) as
      | ConformanceReport
      | { error: string };
    if ('error' in report) throw new Error(`the page failed: ${report.error}`);
    console.log(
      `browser conformance: ${report.cases} cases on ${report.engine} in ${report.seconds.toFixed(1)} s`,
    );
    expect(['webgl2', 'webgl']).toContain(report.engine);
    expect(report.cases).toBeGreaterThan(400);
    expect(report.failures).toEqual([]);
  });
});

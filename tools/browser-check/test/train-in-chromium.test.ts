import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../src/conformance.js';
import type { StepBoundsReport } from '../src/step-bounds.js';
import type { TrainResult } from '../src/train.js';
import { type ServedPage, servePage } from './helpers/served-page.js';

/**
 * Builds the page with Vite, serves it on 127.0.0.1, and loads it in headless Chromium (driven by
 * playwright-core), where WebGL runs on SwiftShader, the CPU implementation of GL. The Chromium is
 * @mfnet/chromium's (MFNET_CHROMIUM, else Debian's, else the registry package's): never skipped;
 * where none can be found, the tests fail saying why.
 */
describe('the gpu.js backend in headless Chromium', () => {
  let site: ServedPage | undefined;
  beforeAll(async () => {
    site = await servePage('mfnet-browser-check-');
  });
  afterAll(async () => {
    await site?.close();
  });

  it('trains a tiny network on WebGL: the loss goes down', async () => {
    const page = await site!.browser.newPage();
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
    await page.goto(site!.url);
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
    const page = await site!.browser.newPage();
    await page.goto(`${site!.url}?conformance`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.mfnetResult !== undefined, undefined, {
      timeout: 470_000,
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

  it('reads back once per training step and keeps its textures bounded on WebGL', async () => {
    const page = await site!.browser.newPage();
    await page.goto(`${site!.url}?step`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.mfnetResult !== undefined, undefined, {
      timeout: 300_000,
    });
    const report = (await page.evaluate(() => window.mfnetResult)) as
      | StepBoundsReport
      | { error: string };
    if ('error' in report) throw new Error(`the page failed: ${report.error}`);
    console.log(
      `browser step: ${report.readsPerStep} read-back per step on ${report.engine}; live ` +
        `${report.live.join(' ')}, pooled ${report.free.join(' ')} every ${report.every} steps`,
    );
    expect(report.engine).toBe('webgl2');
    // The loss, with the target checks' two numbers in the same read.
    expect(report.readsPerStep).toBe(1);
    expect(report.elementsPerStep).toBe(3);
    // Bounded: after the first round of sizes (every cache full) it never grows.
    expect(Math.max(...report.live)).toBe(report.live[0]);
    expect(report.live[0]!).toBeLessThan(200);
    expect(Math.max(...report.free)).toBeLessThanOrEqual(64);
    expect([...report.firstLosses, ...report.lastLosses].every(Number.isFinite)).toBe(true);
    expect(report.lastLosses.at(-1)!).toBeLessThan(report.firstLosses.at(-1)!);
  });
});

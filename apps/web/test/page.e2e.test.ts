import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, launchChromium, type Page } from '@mfnet/chromium';
import { decodeSafetensors, encodeSafetensors } from '@mfnet/layers';
import { train as trainCli } from '@mfnet/mnist-app';
import { createBackend } from '@mfnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageState } from '../src/main.js';
import { classScores, softmax } from '../src/worker/evaluate.js';
import { buildNetwork } from '../src/worker/network.js';
import { initialChunks } from './initial-chunks.js';
import { MNIST_DIR, testDigit, traceStrokes } from './mnist-files.js';
import { type BuiltPage, buildAndServe, root } from './page-server.js';

/**
 * The app built with Vite, served under a sub-path on 127.0.0.1 and driven in headless Chromium
 * (@mfnet/chromium: never skipped; it fails saying why when no Chromium can be found).
 */
const shots = join(root, 'test-output');
let served: BuiltPage;
let browser: Browser;
let work: string;

declare global {
  interface Window {
    mfnetPage: PageState;
  }
}

beforeAll(async () => {
  served = await buildAndServe();
  ({ browser } = await launchChromium());
  work = mkdtempSync(join(tmpdir(), 'mfnet-web-test-'));
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(served.url);
  await page.waitForFunction(() => window.mfnetPage?.dataReady, undefined, { timeout: 120_000 });
  return { page, problems };
}

const state = (page: Page) => page.evaluate(() => window.mfnetPage);

async function setForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const selector = `#config [name=${name}]`;
    const tag = await page.$eval(selector, (e) => e.tagName);
    if (tag === 'SELECT') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
}

describe('the MNIST page on the CPU backend', () => {
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    ({ page, problems } = await openPage());
  });

  it('loads MNIST, trains one epoch in the worker to over 95 % test accuracy, responsive all along', async () => {
    expect(await page.textContent('#data-status')).toContain(
      '60000 training and 10000 test images',
    );
    await page.screenshot({ path: join(shots, 'before.png'), fullPage: true });
    await setForm(page, {
      backend: 'cpu',
      dtype: 'float32',
      hidden: '128, 64',
      optimizer: 'adam',
      lr: '0.001',
      batchSize: '32',
      epochs: '1',
      seed: '1',
    });
    await page.click('#start');
    await page.waitForFunction(() => window.mfnetPage.losses.length >= 4, undefined, {
      timeout: 60_000,
    });

    // Pause holds the loop; resume lets it go on.
    await page.click('#pause');
    await page.waitForFunction(() => window.mfnetPage.state === 'paused');
    const heldAt = (await state(page)).losses.length;
    await page.waitForTimeout(700);
    expect((await state(page)).losses.length).toBeLessThanOrEqual(heldAt + 1);
    await page.click('#pause');
    await page.waitForFunction(() => window.mfnetPage.state === 'training');

    // A click while the worker trains: the page's handler runs within 100 ms of the browser taking it.
    const before = (await state(page)).losses.length;
    await page.click('#clear');
    const click = (await state(page)).lastClick!;
    expect(click.state).toBe('training');
    expect(click.delayMs).toBeLessThan(100);
    await page.waitForFunction((n) => window.mfnetPage.losses.length > n + 1, before);
    await page.screenshot({ path: join(shots, 'during.png'), fullPage: true });

    // The live charts (uPlot) hold every point so far and have drawn their line.
    const during = await state(page);
    expect(during.charts.loss).toBe(during.losses.length);
    expect(await linePixels(page, '#loss-chart')).toBeGreaterThan(50);

    await page.waitForFunction(() => window.mfnetPage.state === 'done', undefined, {
      timeout: 240_000,
    });
    const done = await state(page);
    console.log(
      `page, cpu: engine ${done.engine}; epoch 1 test accuracy ${done.epochs[0]!.accuracy} in ${done.epochs[0]!.seconds.toFixed(1)} s; ` +
        `steps/s (median) ${median(done.stepsPerSecond).toFixed(0)}; click handled after ${click.delayMs.toFixed(1)} ms`,
    );
    expect(done.backend).toBe('cpu');
    expect(await page.textContent('#engine')).toMatch(/^cpu: wasm/);
    expect(done.epochs).toHaveLength(1);
    expect(done.epochs[0]!.accuracy).toBeGreaterThan(0.95);
    expect(done.losses.at(-1)!).toBeLessThan(done.losses[0]! / 3);
    // One loss point per progress report; accuracy five times an epoch and after it.
    expect(done.charts.loss).toBe(done.losses.length);
    expect(done.charts.accuracy).toBeGreaterThanOrEqual(5 + done.epochs.length);
    expect(await linePixels(page, '#accuracy-chart')).toBeGreaterThan(50);
    expect(await page.locator('#confusion tr').count()).toBe(11);
    expect(await page.locator('#gallery figure').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'after.png'), fullPage: true });
  });

  it('classifies a digit traced stroke by stroke on the canvas, as the same model does in Node', async () => {
    const { pixels: digit, label } = testDigit(0);
    await page.$eval('#brush', (input) => {
      (input as HTMLInputElement).value = '10';
      input.dispatchEvent(new Event('input'));
    });
    await page.locator('#pad').scrollIntoViewIfNeeded();
    const pad = (await page.locator('#pad').boundingBox())!;
    for (const { from, to } of traceStrokes(digit, pad.width / 28)) {
      await page.mouse.move(pad.x + from[0], pad.y + from[1]);
      await page.mouse.down();
      await page.mouse.move(pad.x + to[0], pad.y + to[1], { steps: 3 });
      await page.mouse.up();
    }
    await page.waitForFunction(() => window.mfnetPage.drawn !== undefined, undefined, {
      timeout: 10_000,
    });
    // The last drawing's answer: wait until the page has classified its final pixels.
    await page.waitForTimeout(500);
    const drawn = (await state(page)).drawn!;
    const predicted = drawn.probabilities.indexOf(Math.max(...drawn.probabilities));
    expect(predicted, `probabilities ${drawn.probabilities.map((p) => p.toFixed(3))}`).toBe(label);

    // The page's model, downloaded, and the page's 28×28 pixels: the same answer in Node.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#save-safetensors'),
    ]);
    expect(download.suggestedFilename()).toBe('model.safetensors');
    const path = join(work, 'page-model.safetensors');
    await download.saveAs(path);
    const backend = createBackend('cpu');
    const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(path)), {
      backend,
    });
    expect(metadata).toMatchObject({ app: 'mnist', sizes: '784,128,64,10' });
    const net = buildNetwork([128, 64], { backend, dtype: 'float32', seed: 0 });
    net.loadStateDict(tensors);
    const pixels = Uint8Array.from(drawn.pixels);
    const probabilities = softmax(
      classScores(net, { data: pixels, shape: [1, 784], divisor: 255 }),
    );
    const gap = Math.max(...probabilities.map((p, k) => Math.abs(p - drawn.probabilities[k]!)));
    console.log(`drawn digit: page and Node probabilities differ by at most ${gap}`);
    expect(gap).toBeLessThan(1e-6);

    const [onnx] = await Promise.all([page.waitForEvent('download'), page.click('#save-onnx')]);
    expect(onnx.suggestedFilename()).toBe('model.onnx');
    await onnx.saveAs(join(work, 'model.onnx'));
    // The weights alone are 784·128 + … float32s: the file holds them.
    expect(readFileSync(join(work, 'model.onnx')).length).toBeGreaterThan(4 * 784 * 128);
    await page.screenshot({ path: join(shots, 'drawn.png'), fullPage: true });
  });

  it("loads a `pnpm mnist` model.safetensors of other hidden sizes: the form takes them, the CLI's test accuracy", async () => {
    const out = join(work, 'cli-run');
    const cli = await trainCli({
      hidden: [32],
      epochs: 1,
      trainSamples: 2000,
      seed: 5,
      threads: 1,
      dataDir: MNIST_DIR,
      out,
    });
    await setForm(page, { hidden: '128, 64' });
    await page.setInputFiles('#model-file', join(out, 'model.safetensors'));
    await page.waitForFunction(() => window.mfnetPage.loaded !== undefined, undefined, {
      timeout: 60_000,
    });
    const loaded = (await state(page)).loaded!;
    console.log(
      `pnpm mnist --hidden 32 model: CLI test accuracy ${cli.accuracy}, in the page ${loaded.accuracy}`,
    );
    expect(loaded.accuracy).toBe(cli.accuracy);
    expect(await page.textContent('#model-message')).toContain(
      '784-32-10 network (hidden sizes 32)',
    );
    expect(await page.inputValue('#config [name=hidden]')).toBe('32');
  });

  it('says clearly why a file that cannot be an MNIST network does not load (dropped on the page)', async () => {
    const backend = createBackend('cpu');
    const other = buildNetwork([32], { backend, dtype: 'float64', seed: 1 });
    const tensors = other.stateDict();
    // Five classes out instead of ten: the last layer's augmented weight is 6×33.
    tensors.set('layers.2.weight', backend.fromHost(new Float64Array(6 * 33), 6, 33, 'float64'));
    const bytes = [...encodeSafetensors(tensors)];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'small.safetensors'));
      document.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    }, bytes);
    await page.waitForFunction(() => window.mfnetPage.errors.length > 0, undefined, {
      timeout: 30_000,
    });
    const message = await page.textContent('#model-message');
    expect(message).toContain(
      'small.safetensors holds a 784-32-5 network, but an MNIST network takes 784 inputs to 10 outputs',
    );
    expect(await page.inputValue('#config [name=hidden]')).toBe('32');
    expect(problems).toEqual([]);
  });
});

describe('the MNIST page on the gpu.js backend', () => {
  it('trains in the worker on WebGL2 (OffscreenCanvas): the loss falls, the engine shown is webgl2', async () => {
    const { page, problems } = await openPage();
    await setForm(page, {
      backend: 'gpujs',
      optimizer: 'adam',
      lr: '0.001',
      batchSize: '64',
      epochs: '1',
    });
    await page.click('#start');
    await page.waitForFunction(() => window.mfnetPage.losses.length >= 12, undefined, {
      timeout: 180_000,
    });
    await page.click('#stop');
    await page.waitForFunction(() => window.mfnetPage.state === 'stopped', undefined, {
      timeout: 60_000,
    });
    const s = await state(page);
    console.log(
      `page, gpujs: engine ${s.engine}; steps/s (median) ${median(s.stepsPerSecond).toFixed(1)}; loss ${s.losses[0]} → ${s.losses.at(-1)}`,
    );
    expect(s.engine).toBe('webgl2');
    expect(await page.textContent('#engine')).toBe('gpujs: webgl2, float32');
    const last = s.losses.slice(-3);
    expect(last.reduce((a, b) => a + b, 0) / 3).toBeLessThan(s.losses[0]! * 0.7);
    expect(problems).toEqual([]);
  });
});

describe('the built site', () => {
  it('loads at most 100 kB of JavaScript (gzip) before gpu.js is chosen; gpu.js comes later', () => {
    const chunks = initialChunks(served.outDir);
    const total = chunks.reduce((sum, c) => sum + c.gzip, 0);
    console.log(
      `initial JavaScript: ${chunks.map((c) => `${c.file} ${(c.gzip / 1000).toFixed(1)} kB`).join(', ')}; total ${(total / 1000).toFixed(1)} kB gzip`,
    );
    // The entry and the training worker the page starts at once.
    expect(chunks.map((c) => c.file).join(' ')).toMatch(/training-worker/);
    expect(total).toBeLessThanOrEqual(100_000);
    for (const { file } of chunks) {
      const code = readFileSync(join(served.outDir, file), 'utf8');
      // gpu.js's kernel classes: only in the chunk imported when its backend is chosen.
      expect(code, file).not.toContain('WebGL2Kernel');
    }
    const all = readdirSync(join(served.outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const gpujs = all.filter((f) =>
      readFileSync(join(served.outDir, 'assets', f), 'utf8').includes('WebGL2Kernel'),
    );
    expect(gpujs).toHaveLength(1);
  });

  it('serves MNIST as four gzip IDX files beside index.html, with relative URLs only', () => {
    const mnist = readdirSync(join(served.outDir, 'mnist')).sort();
    expect(mnist).toEqual([
      't10k-images-idx3-ubyte.gzip',
      't10k-labels-idx1-ubyte.gzip',
      'train-images-idx3-ubyte.gzip',
      'train-labels-idx1-ubyte.gzip',
    ]);
    for (const name of mnist) {
      const bytes = readFileSync(join(served.outDir, 'mnist', name));
      expect([bytes[0], bytes[1]], name).toEqual([0x1f, 0x8b]);
    }
    const html = readFileSync(join(served.outDir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(?:src|href)="\//);
  });
});

/** How many pixels of the chart's canvas have the series' colour (#2563eb): its drawn line. */
function linePixels(page: Page, chart: string): Promise<number> {
  return page.$eval(`${chart} canvas`, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(r - 0x25) < 40 && Math.abs(g - 0x63) < 40 && b > 0xc0) n++;
    }
    return n;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

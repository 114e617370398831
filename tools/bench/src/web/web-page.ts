import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, launchChromium, type Page } from '@mfnet/chromium';
import { build, type PreviewServer, preview } from 'vite';
import type { TimingPoint, WebSettings } from './settings.js';

/** apps/web, the page people open: built for production as `pnpm --filter @mfnet/web build` does. */
const appRoot = fileURLToPath(new URL('../../../../apps/web/', import.meta.url));

/** What the bench reads of the page's `window.mfnetPage` (apps/web/src/main.ts's PageState). */
interface PageView {
  dataReady: boolean;
  state: string;
  engine?: string;
  timing: TimingPoint[];
  errors: string[];
}

declare global {
  interface Window {
    mfnetPage: PageView;
  }
}

/** One training run in the page: its engine and its own cumulative step timings. */
export interface PageRun {
  engine: string;
  dtype: string;
  points: TimingPoint[];
}

/**
 * apps/web's production build served on 127.0.0.1 (vite preview) and open in headless Chromium
 * (@mfnet/chromium), its MNIST loaded. `train` drives the page's own form and buttons: it
 * chooses the backend, leaves every other setting at the page's default, presses Start, waits
 * until the page's worker has reported at least `steps` timed steps after its first report
 * (the worker's TrainingTimer: pauses and test-set evaluations left out; data loading happens
 * once, before), and presses Stop.
 */
export class WebPage {
  private constructor(
    private readonly page: Page,
    private readonly browser: Browser,
    private readonly server: PreviewServer,
    private readonly outDir: string,
    private readonly problems: string[],
    readonly chromium: { version: string; path: string },
  ) {}

  static async open(chromiumArgs: string[]): Promise<WebPage> {
    const outDir = mkdtempSync(join(tmpdir(), 'mfnet-bench-web-'));
    const configFile = join(appRoot, 'vite.config.ts');
    await build({ root: appRoot, configFile, logLevel: 'warn', build: { outDir } });
    const server = await preview({
      root: appRoot,
      configFile,
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false },
      logLevel: 'warn',
    });
    const { browser, executable } = await launchChromium({ args: chromiumArgs });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(server.resolvedUrls!.local[0]!);
    await page.waitForFunction(() => window.mfnetPage?.dataReady, undefined, { timeout: 180_000 });
    return new WebPage(page, browser, server, outDir, problems, {
      version: browser.version(),
      path: executable.path,
    });
  }

  /** The page's default training settings, read off its form. */
  async settings(): Promise<WebSettings> {
    const value = (name: string) =>
      this.page.$eval(`#config [name=${name}]`, (e) => (e as HTMLInputElement).value);
    return {
      hidden: (await value('hidden'))
        .split(/[\s,]+/)
        .filter((s) => s !== '')
        .map(Number),
      optimizer: (await value('optimizer')) as WebSettings['optimizer'],
      lr: Number(await value('lr')),
      batchSize: Number(await value('batchSize')),
      dtype: (await value('dtype')) as WebSettings['dtype'],
    };
  }

  async train(backend: 'cpu' | 'gpujs', steps: number): Promise<PageRun> {
    const { page } = this;
    await page.selectOption('#config [name=backend]', backend);
    await page.click('#start');
    await page.waitForFunction(
      (n) => {
        const { timing, errors } = window.mfnetPage;
        return (
          errors.length > 0 || (timing.length > 0 && timing.at(-1)!.steps >= timing[0]!.steps + n)
        );
      },
      steps,
      { timeout: 600_000, polling: 100 },
    );
    await page.click('#stop');
    await page.waitForFunction(() => ['stopped', 'done'].includes(window.mfnetPage.state));
    const view = await page.evaluate(() => window.mfnetPage);
    const errors = [...this.problems, ...view.errors];
    if (errors.length > 0) throw new Error(`apps/web: ${errors.join('; ')}`);
    const shown = (await page.textContent('#engine')) ?? '';
    return {
      engine: view.engine ?? '?',
      dtype: shown.split(', ').at(-1) ?? '?',
      points: view.timing,
    };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
    rmSync(this.outDir, { recursive: true, force: true });
  }
}

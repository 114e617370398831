import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatGoals } from '../report.js';
import { loadNodeMnist, nodeBackend, nodeMsPerStep } from './node-steps.js';
import { checkWebGoals, formatWebReport, NODE_ID, type WebSamples, webRows } from './report.js';
import { msPerStep } from './settings.js';
import { WebPage } from './web-page.js';

export interface WebPartOptions {
  runs: number;
  /** Timed steps per sample on the CPU backend (page and Node). */
  steps: number;
  /** Timed steps per sample on the gpu.js backend (slow on SwiftShader). */
  gpujsSteps: number;
  /** Untimed steps before Node's timed ones (the page leaves out its first report's steps). */
  nodeWarmup: number;
  dataDir: string;
  chromiumArgs: string[];
  json: string;
  log: (line: string) => void;
}

/**
 * `pnpm bench`'s web table (issue 11): apps/web's production build trains its default MNIST
 * network in headless Chromium, through its own form and buttons, on the CPU backend and on
 * gpu.js, timed by the page's worker; and the same network, batch, optimizer and dtype trained by
 * @mfnet/train's fit in Node. One sample of each per run, interleaved (the order rotating);
 * medians; ratios to Node.
 */
export async function runWebPart(options: WebPartOptions): Promise<void> {
  const { runs, log } = options;
  const started = performance.now();
  log(`\nweb: apps/web in headless Chromium against Node, ${runs} interleaved runs`);
  const data = await loadNodeMnist(options.dataDir);
  const { backend, kernels } = nodeBackend();
  const page = await WebPage.open(options.chromiumArgs);
  try {
    const settings = await page.settings();
    const setups: (WebSamples & { measure: () => Promise<number> })[] = [
      {
        id: NODE_ID,
        label: `Node ${process.version}, fit: cpu (${kernels}, ${settings.dtype})`,
        samples: [],
        measure: () =>
          nodeMsPerStep(settings, data, backend, {
            warmup: options.nodeWarmup,
            steps: options.steps,
            seed: 0,
          }),
      },
      ...(['cpu', 'gpujs'] as const).map((name) => {
        const steps = name === 'cpu' ? options.steps : options.gpujsSteps;
        const setup: WebSamples & { measure: () => Promise<number> } = {
          id: `page-${name}`,
          label: `page: ${name}`,
          samples: [],
          measure: async () => {
            const run = await page.train(name, steps);
            setup.label = `page: ${name} (${run.engine}, ${run.dtype})`;
            const ms = msPerStep(run.points, steps);
            if (ms === undefined) throw new Error(`the page reported too few steps`);
            return ms;
          },
        };
        return setup;
      }),
    ];
    for (let run = 1; run <= runs; run++) {
      // The order rotates each run, so that no setup always follows the gpu.js one.
      const shift = (run - 1) % setups.length;
      for (const setup of [...setups.slice(shift), ...setups.slice(0, shift)]) {
        if (setup.error !== undefined) continue;
        try {
          const ms = await setup.measure();
          setup.samples.push(ms);
          log(`  run ${run}: ${setup.label}: ${ms.toFixed(2)} ms per step`);
        } catch (error) {
          setup.error = error instanceof Error ? error.message : String(error);
          log(`  ${setup.label}: ${setup.error}`);
        }
      }
    }
    const rows = webRows(setups.map(({ measure: _m, ...samples }) => samples));
    const goals = checkWebGoals(rows);
    const network = `784-${settings.hidden.join('-')}-10 ReLU`;
    log(
      `\nheadless Chromium ${page.chromium.version} (${page.chromium.path}), node ${process.version}; ` +
        `the page's defaults: ${network}, batch ${settings.batchSize}, ${settings.optimizer} lr ` +
        `${settings.lr}, CPU dtype ${settings.dtype} (Node: ${settings.dtype}; gpu.js: float32); ` +
        `ms per step over ≥ ${options.steps} steps (gpu.js ≥ ${options.gpujsSteps}), the ` +
        `page's worker's own clock; median of ${runs} interleaved runs\n`,
    );
    log(formatWebReport(rows));
    log(`\n${formatGoals(goals)}`);
    for (const row of rows) if (row.error !== undefined) log(`${row.label}: ${row.error}`);
    log(`web part: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const jsonPath = resolve(options.json);
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(
      jsonPath,
      `${JSON.stringify({ chromium: page.chromium, node: process.version, settings, runs, steps: options.steps, gpujsSteps: options.gpujsSteps, rows, goals }, null, 2)}\n`,
    );
    log(`wrote ${jsonPath}`);
  } finally {
    await page.close();
  }
}

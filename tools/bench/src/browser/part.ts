import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatGoals } from '../report.js';
import { browserHeader, browserRows, checkBrowserGoals, formatBrowserReport } from './report.js';
import { runBrowserBench } from './run-page.js';

export interface BrowserPartOptions {
  steps: number;
  runs: number;
  /** Extra Chromium switches, e.g. a hardware GL (`--use-angle=vulkan`). */
  chromiumArgs: string[];
  /** Where the results go as JSON. */
  json: string;
  log: (line: string) => void;
}

/**
 * `pnpm bench`'s browser table (issue 10): the page of tools/bench/browser in headless Chromium,
 * its table and goal printed, its results written to `json`.
 */
export async function runBrowserPart(options: BrowserPartOptions): Promise<void> {
  const { steps, runs, chromiumArgs, log } = options;
  log(`\nbrowser: ${runs} interleaved runs of ${steps} steps in headless Chromium`);
  const run = await runBrowserBench({ steps, runs, chromiumArgs, log: (line) => log(`  ${line}`) });
  const rows = browserRows(run);
  const goals = checkBrowserGoals(rows);
  log(`\n${browserHeader(run)}\n`);
  log(formatBrowserReport(rows));
  log(`\n${formatGoals(goals)}`);
  for (const row of rows) if (row.error !== undefined) log(`${row.label}: ${row.error}`);
  const jsonPath = resolve(options.json);
  mkdirSync(dirname(jsonPath), { recursive: true });
  const { chromium, renderer, userAgent } = run;
  writeFileSync(
    jsonPath,
    `${JSON.stringify({ chromium, renderer, userAgent, steps, runs, rows, goals }, null, 2)}\n`,
  );
  log(`\nwrote ${jsonPath}`);
}

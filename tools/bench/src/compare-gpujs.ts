import { runBrowserCompare } from './browser/run-page.js';

/**
 * `npx tsx src/compare-gpujs.ts '[{}, {"recycleTextures": false}]' [steps] [rounds]`: gpu.js
 * backends made with each options object, side by side in one page (ms per MNIST step, medians
 * of interleaved rounds): what one backend option is worth, measured on one machine at one time.
 */
const variants = JSON.parse(process.argv[2] ?? '[{}, {"recycleTextures": false}]') as Record<
  string,
  unknown
>[];
const steps = Number(process.argv[3] ?? 50);
const rounds = Number(process.argv[4] ?? 5);
const rows = await runBrowserCompare({ variants, steps, rounds });
for (const row of rows) {
  const samples = row.samples.map((s) => s.toFixed(2)).join(' ');
  console.log(
    `${row.msPerStep.toFixed(2).padStart(7)} ms  ${JSON.stringify(row.options)}  [${samples}]`,
  );
}

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBackend, DTYPES } from '@mfnet/tensor';
import { benchMatmul, type MatmulResult } from './matmul.js';
import { formatTable } from './table.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '64,256,1024' },
    runs: { type: 'string', default: '5' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`pnpm bench [-- --sizes 64,256,1024] [--runs 5] [--json out.json]

Matmul GFLOP/s of the CPU backend, float64 and float32: the median of --runs timed samples
after two warm-up calls.`);
  process.exit(0);
}

const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
  console.error(`bench: --sizes must be positive integers and --runs a positive integer`);
  process.exit(2);
}

const backend = createBackend('cpu');
const results: MatmulResult[] = [];
for (const n of sizes) {
  for (const dtype of DTYPES) results.push(benchMatmul(backend, dtype, n, { runs }));
}

console.log(`matmul, ${backend.name} backend, median of ${runs} runs (node ${process.version})\n`);
console.log(
  formatTable(
    ['n', 'dtype', 'ms', 'GFLOP/s'],
    results.map((r) => [String(r.n), r.dtype, (r.seconds * 1e3).toFixed(3), r.gflops.toFixed(2)]),
  ),
);
if (values.json !== undefined) {
  writeFileSync(values.json, `${JSON.stringify({ matmul: results }, null, 2)}\n`);
  console.log(`\nwrote ${values.json}`);
}

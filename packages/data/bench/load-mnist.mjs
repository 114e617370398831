// Times loading full MNIST (60,000 + 10,000 images) from the four .gz files: the median of a
// few runs, for the decode alone (read, gunzip, IDX checks) and for Tensors in each dtype.
// Run with `pnpm --filter @mfnet/data bench` (it builds first) or `node bench/load-mnist.mjs`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist, readMnist } from '../dist/node/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const shared = process.env.MFNET_SHARED_DIR ?? resolve(here, '../../../../shared');
const datasets = existsSync(join(shared, 'datasets')) ? join(shared, 'datasets') : shared;
const dir = join(datasets, 'mnist');
const runs = Number(process.env.BENCH_RUNS ?? 5);

if (!existsSync(join(dir, 'train-images-idx3-ubyte.gz'))) {
  console.log(`bench skipped: no MNIST .gz files at ${dir} (set MFNET_SHARED_DIR)`);
  process.exit(0);
}

async function median(label, run) {
  await run(); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = times[Math.floor(times.length / 2)];
  console.log(
    `${label.padEnd(48)} median ${mid.toFixed(0).padStart(5)} ms  (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}, ${runs} runs)`,
  );
}

console.log(`MNIST from ${dir}`);
await median('decode .gz → bytes (readMnist)', () => readMnist({ dir }));
await median('decode .gz → Tensors float64 (loadMnist)', () => loadMnist({ dir }));
await median('decode .gz → Tensors float32 (loadMnist)', () =>
  loadMnist({ dir, dtype: 'float32' }),
);

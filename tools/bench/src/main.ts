import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CpuBackend, checkedBackend, createCpuBackend, DTYPES } from '@mfnet/tensor';
import { createThreadedCpuBackend } from '@mfnet/tensor/node';
import { epochTask, matmulTask, runBench, type Task } from './bench.js';
import { runBrowserPart } from './browser/part.js';
import { loadBenchData } from './data.js';
import { gpujsRunners } from './gpujs.js';
import { rerunWithRelaxedSimd } from './relaxed-simd.js';
import { checkGoals, formatGoals, formatReport, summarize } from './report.js';
import { MfnetRunner } from './runners/mfnet.js';
import { PytorchRunner, pytorchMissing, TorchWorker } from './runners/pytorch.js';
import type { Runner } from './runners/runner.js';
import { TfjsRunner } from './runners/tfjs.js';
import { runWebPart } from './web/part.js';

const HELP = `pnpm bench [-- options]

mfnet against TensorFlow.js (cpu, wasm) and PyTorch on this machine, on the same data: matmul
GFLOP/s at 256 and 1024, seconds per epoch of MNIST (784-128-64-10 ReLU, batch 64, SGD) and
California Housing (8-64-64-1 ReLU, batch 32, SGD). Medians of --runs interleaved samples, each
with its ratio to PyTorch of the same dtype; goals of issue 7 checked below the table.

  --runs N            timed samples per figure (default 3)
  --tasks LIST        of matmul<N> (e.g. matmul64), mnist, housing
                      (default matmul64,matmul256,matmul1024,mnist,housing)
  --frameworks LIST   of mfnet,tfjs,pytorch (default all)
  --fraction F        share of each epoch to run, scaled up to an epoch (default 1)
  --tfjs-cpu-fraction F   the same for TF.js cpu, the slowest (default 0.1)
  --full              whole epochs for every framework (overrides both fractions)
  --js-kernels        also measure mfnet's CPU backend on its TypeScript kernels
  --simd-kernels      also measure mfnet's CPU backend on its plain WebAssembly SIMD kernels
                      (no FMA; the default is relaxed SIMD, where Node has it: the bench
                      restarts Node 20 with --experimental-wasm-relaxed-simd for it)
  --threads-cpu       also measure mfnet's CPU backend with products split over 2 threads
  --thread-thresholds LIST  with --threads-cpu, also rows with these split thresholds (M·N·K,
                      e.g. 0,250000,1000000), to choose the default from one interleaved run
  --threads N         PyTorch threads (default 2)
  --python PATH       the Python with torch (default /usr/bin/python3)
  --data-dir DIR      the folder with mnist/ and california-housing/
                      (default $MFNET_SHARED_DIR/datasets, else ../shared/datasets)
  --json PATH         where to write the results (default out/bench.json)
  --peak GFLOPS       the machine's float64 peak per core, for matmul 1024 (default 48)
  --gpujs LIST        also mfnet on the gpu.js backend (float32) on these engines, e.g. auto,webasm,cpu

Browser table (issue 10): one MNIST step (the same network, batch 64, float32, random data) in
headless Chromium, one page: mfnet CPU (WebAssembly SIMD) and gpu.js (WebGL2) backends,
TensorFlow.js webgl (with and without the loss read back each step) and wasm; median ms per step
of --runs interleaved runs.

  --only PART         node, browser or web: run only that table (default all three)
  --browser-steps N   training steps per browser run (default 200)
  --chromium-arg ARG  an extra Chromium switch, repeatable (e.g. --use-angle=vulkan for a GPU)
  --browser-json PATH where to write the browser results (default out/bench-browser.json)

Web table (issue 11): apps/web's production build trains its default MNIST network in headless
Chromium through its own form (CPU backend, then gpu.js), timed by the page's worker; the same
network, batch, optimizer and dtype trained by @mfnet/train's fit in Node; interleaved, medians,
ratios to Node; goal: page CPU ≤ 1.5× Node.

  --web-steps N       timed steps per CPU sample, page and Node (default 300)
  --web-gpujs-steps N timed steps per gpu.js sample (default 30)
  --web-json PATH     where to write the web results (default out/bench-web.json)
`;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    tasks: { type: 'string', default: 'matmul64,matmul256,matmul1024,mnist,housing' },
    frameworks: { type: 'string', default: 'mfnet,tfjs,pytorch' },
    fraction: { type: 'string', default: '1' },
    'tfjs-cpu-fraction': { type: 'string', default: '0.1' },
    full: { type: 'boolean', default: false },
    'js-kernels': { type: 'boolean', default: false },
    'simd-kernels': { type: 'boolean', default: false },
    'threads-cpu': { type: 'boolean', default: false },
    'thread-thresholds': { type: 'string' },
    threads: { type: 'string', default: '2' },
    python: { type: 'string', default: '/usr/bin/python3' },
    'data-dir': { type: 'string' },
    json: { type: 'string', default: 'out/bench.json' },
    peak: { type: 'string', default: '48' },
    gpujs: { type: 'string' },
    only: { type: 'string' },
    'browser-steps': { type: 'string', default: '200' },
    'chromium-arg': { type: 'string', multiple: true, default: [] },
    'browser-json': { type: 'string', default: 'out/bench-browser.json' },
    'web-steps': { type: 'string', default: '300' },
    'web-gpujs-steps': { type: 'string', default: '30' },
    'web-json': { type: 'string', default: 'out/bench-web.json' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
rerunWithRelaxedSimd();

const runs = Number(values.runs);
const fraction = values.full ? 1 : Number(values.fraction);
const tfjsCpuFraction = values.full ? 1 : Math.min(fraction, Number(values['tfjs-cpu-fraction']));
const threads = Number(values.threads);
const peak = Number(values.peak);
const frameworks = new Set(values.frameworks.split(','));
const taskIds = values.tasks.split(',');
const bad = [
  !Number.isInteger(runs) || runs < 1 ? '--runs must be a positive integer' : '',
  !(fraction > 0 && fraction <= 1) || !(tfjsCpuFraction > 0) ? 'fractions must be in (0, 1]' : '',
  !Number.isInteger(threads) || threads < 1 ? '--threads must be a positive integer' : '',
  taskIds.find((t) => !/^(matmul[1-9]\d*|mnist|housing)$/.test(t)) ?? '',
  ![undefined, 'node', 'browser', 'web'].includes(values.only)
    ? '--only must be node, browser or web'
    : '',
  !(Number(values['browser-steps']) >= 1) ? '--browser-steps must be a positive integer' : '',
  !(Number(values['web-steps']) >= 1 && Number(values['web-gpujs-steps']) >= 1)
    ? '--web-steps and --web-gpujs-steps must be positive integers'
    : '',
].filter((s) => s !== '');
if (bad.length > 0) {
  console.error(`bench: ${bad.join('; ')}\n\n${HELP}`);
  process.exit(2);
}

const browserPart = () =>
  runBrowserPart({
    steps: Number(values['browser-steps']),
    runs,
    chromiumArgs: values['chromium-arg'],
    json: values['browser-json'],
    log: (line) => console.log(line),
  });
const here = dirname(fileURLToPath(import.meta.url));
const sharedDir = process.env.MFNET_SHARED_DIR ?? resolve(here, '../../../../shared');
const dataDir = values['data-dir'] ?? `${sharedDir}/datasets`;
const webPart = () =>
  runWebPart({
    runs,
    steps: Number(values['web-steps']),
    gpujsSteps: Number(values['web-gpujs-steps']),
    nodeWarmup: 50,
    dataDir,
    chromiumArgs: values['chromium-arg'],
    json: values['web-json'],
    log: (line) => console.log(line),
  });
if (values.only === 'browser' || values.only === 'web') {
  await (values.only === 'browser' ? browserPart() : webPart());
  process.exit(0);
}
const notes: string[] = [];
const log = (line: string) => console.log(line);

const data = await loadBenchData(dataDir);
const tasks: Task[] = taskIds.map((id) =>
  id === 'mnist'
    ? epochTask(data.mnist)
    : id === 'housing'
      ? epochTask(data.housing)
      : matmulTask(Number(id.slice('matmul'.length))),
);

// The runners, one per framework, backend and dtype. Another mfnet backend is one more push.
const runners: Runner[] = [];
if (frameworks.has('mfnet')) {
  const cpu = createCpuBackend();
  notes.push(`mfnet cpu: ${(cpu.raw as CpuBackend).kernels} kernels`);
  for (const dtype of DTYPES) runners.push(new MfnetRunner(cpu, dtype));
  if (values['simd-kernels']) {
    const simd = createCpuBackend({ kernels: 'wasm-simd' });
    for (const dtype of DTYPES) runners.push(new MfnetRunner(simd, dtype, 'cpu (wasm-simd)'));
  }
  if (values['js-kernels']) {
    for (const dtype of DTYPES) {
      runners.push(new MfnetRunner(createCpuBackend({ kernels: 'js' }), dtype, 'cpu (js kernels)'));
    }
  }
  if (values['threads-cpu']) {
    const threaded = await createThreadedCpuBackend();
    if (!threaded.threaded) notes.push('cpu (2 threads): no threads here, measured on one');
    for (const dtype of DTYPES)
      runners.push(new MfnetRunner(checkedBackend(threaded), dtype, 'cpu (2 threads)'));
    for (const text of values['thread-thresholds']?.split(',') ?? []) {
      const threshold = Number(text);
      const backend = checkedBackend(await createThreadedCpuBackend({ threshold }));
      for (const dtype of DTYPES)
        runners.push(new MfnetRunner(backend, dtype, `cpu (2 threads, ≥${text})`));
    }
  }
  if (values.gpujs !== undefined)
    runners.push(...(await gpujsRunners(values.gpujs.split(','), notes)));
}
if (frameworks.has('tfjs')) {
  for (const backend of ['wasm', 'cpu'] as const) {
    try {
      runners.push(await TfjsRunner.create(backend));
    } catch (error) {
      notes.push(`tfjs ${backend} skipped: ${(error as Error).message}`);
    }
  }
}
let torch: TorchWorker | undefined;
if (frameworks.has('pytorch')) {
  const missing = pytorchMissing(values.python);
  if (missing === undefined) {
    torch = await TorchWorker.start(values.python, threads, data);
    for (const dtype of DTYPES) runners.push(new PytorchRunner(torch, dtype));
    notes.push(`pytorch ${torch.version} with ${torch.threads} threads (${values.python})`);
  } else {
    notes.push(`pytorch skipped: ${missing}; ratios to PyTorch are left out`);
  }
}
for (const note of notes) log(note);

const measured = await runBench({
  runners,
  tasks,
  runs,
  warmupFraction: 0.02,
  fractionFor: (runner) =>
    runner.framework === 'tfjs' && runner.backend === 'cpu' ? tfjsCpuFraction : fraction,
  log,
});
await torch?.close();
for (const runner of runners) await runner.close();

const rows = summarize(measured, tasks);
const goals = checkGoals(rows, peak);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header =
  `${cpu}, ${cpus().length} cores, node ${process.version}; median of ${runs} interleaved ` +
  'runs; (r×) = ratio to PyTorch of the same dtype (for s/epoch < 1 is faster); ' +
  '~ = scaled up from part of an epoch';
log(`\n${header}\n`);
log(formatReport(rows, tasks));
log(`\n${formatGoals(goals)}`);
for (const row of rows) {
  for (const [task, error] of Object.entries(row.errors)) log(`${row.label} ${task}: ${error}`);
}

const jsonPath = resolve(values.json);
mkdirSync(dirname(jsonPath), { recursive: true });
writeFileSync(
  jsonPath,
  `${JSON.stringify(
    {
      machine: { cpu, cores: cpus().length, node: process.version, platform: process.platform },
      options: { runs, fraction, tfjsCpuFraction, threads, dataDir },
      notes,
      tasks: tasks.map(({ id, title, unit }) => ({ id, title, unit })),
      rows,
      goals,
    },
    null,
    2,
  )}\n`,
);
log(`\nwrote ${jsonPath}`);

if (values.only !== 'node') {
  await browserPart();
  await webPart();
}

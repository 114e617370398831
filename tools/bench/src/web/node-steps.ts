import { buildNetwork } from '@mfnet/app-kit';
import { DataLoader } from '@mfnet/data';
import { loadMnistTrainingSet } from '@mfnet/data/node';
import { CELoss } from '@mfnet/losses';
import { Adam, type Optimizer, SGD } from '@mfnet/optim';
import { type Backend, type CpuBackend, createCpuBackend, manualSeed } from '@mfnet/tensor';
import { fit } from '@mfnet/train';
import { msPerStep, type TimingPoint, type WebSettings } from './settings.js';

/** fit's yield budget in the page's worker (apps/web/src/worker/run-training.ts), used here too. */
const YIELD_MS = 25;

/** MNIST's training set in Node, loaded once (not timed). */
export type NodeMnist = Awaited<ReturnType<typeof loadMnistTrainingSet>>;

export function loadNodeMnist(dataDir: string): Promise<NodeMnist> {
  return loadMnistTrainingSet({ dir: `${dataDir}/mnist` });
}

/** The CPU backend the Node row uses (one thread, kernels 'auto', as the page's worker). */
export function nodeBackend(): { backend: Backend; kernels: string } {
  const backend = createCpuBackend();
  return { backend, kernels: (backend.raw as CpuBackend).kernels };
}

/**
 * The page's network (784-hidden…-10 ReLU, its optimizer, batch size and dtype) trained by
 * @mfnet/train's `fit` in Node on MNIST's shuffled training set, for `warmup` steps and then at
 * least `steps` more; the milliseconds per step of the latter, timed at the end of each step as
 * the page's worker times them (fit's yields included, as in the page).
 */
export async function nodeMsPerStep(
  settings: WebSettings,
  data: Pick<NodeMnist, 'trainX' | 'trainY'>,
  backend: Backend,
  options: { warmup: number; steps: number; seed: number },
): Promise<number> {
  const { dtype } = settings;
  manualSeed(options.seed);
  const net = buildNetwork([784, ...settings.hidden, 10], 'relu', { backend, dtype });
  const loader = new DataLoader(data.trainX, data.trainY, {
    batchSize: settings.batchSize,
    seed: options.seed,
    backend,
    dtype,
  });
  const points: TimingPoint[] = [];
  let started = 0;
  const total = options.warmup + options.steps;
  try {
    await fit(net, {
      data: loader,
      loss: new CELoss(),
      optimizer: makeOptimizer(net.parameters(), settings),
      epochs: Math.ceil(total / loader.length) + 1,
      yieldEveryMs: YIELD_MS,
      callbacks: [
        {
          name: 'stepTimes',
          onBatchEnd(_event, ctx) {
            const done = points.length + 1;
            const now = performance.now();
            if (done === 1) started = now;
            points.push({ steps: done, ms: now - started });
            if (done >= total) ctx.stop('the bench has its steps');
          },
        },
      ],
    });
  } finally {
    loader.dispose();
  }
  const timed = msPerStep(points.slice(options.warmup - 1), options.steps);
  if (timed === undefined) throw new Error(`node: only ${points.length} steps were timed`);
  return timed;
}

function makeOptimizer(
  parameters: ReturnType<ReturnType<typeof buildNetwork>['parameters']>,
  settings: WebSettings,
): Optimizer {
  if (settings.optimizer === 'adam') return new Adam(parameters, { lr: settings.lr });
  return new SGD(parameters, {
    lr: settings.lr,
    ...(settings.optimizer === 'momentum' ? { momentum: 0.9 } : {}),
  });
}

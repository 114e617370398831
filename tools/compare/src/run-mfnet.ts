import { buildNetwork, buildOptimizer } from '@mfnet/app-kit';
import { DataLoader } from '@mfnet/data';
import { CELoss, MSELoss } from '@mfnet/losses';
import { clipGradNorm } from '@mfnet/optim';
import { type Backend, checkedBackend, createBackend, type DType, manualSeed } from '@mfnet/tensor';
import { createThreadedCpuBackend } from '@mfnet/tensor/node';
import { predict } from '@mfnet/train';
import { metricsOf } from './metrics.js';
import type { Experiment } from './setup.js';

export interface EpochResult {
  epoch: number;
  trainLoss: number;
  seconds: number;
  [metric: string]: number;
}

export interface RunResult {
  framework: string;
  stepLosses: number[];
  epochs: EpochResult[];
  peakMemoryMB: number;
}

export interface MfnetRun extends RunResult {
  /** The initial augmented weights, (out+1)×(in+1) row-major, one per Linear layer. */
  initialWeights: { data: Float64Array; shape: [number, number] }[];
  /** epochs × samples: the sample order mfnet's loader used, batch after batch. */
  order: Int32Array;
}

/** Trains the experiment in mfnet (CPU backend), recording what PyTorch must replay. */
export async function runMfnet(
  exp: Experiment,
  config: {
    epochs: number;
    seed: number;
    dtype: DType;
    lr: number | undefined;
    maxGradNorm: number | undefined;
    steps: number;
    /** More than 1: large products on two threads (the same results). */
    threads: number;
  },
): Promise<MfnetRun> {
  const backend =
    config.threads > 1 ? checkedBackend(await createThreadedCpuBackend()) : createBackend('cpu');
  manualSeed(config.seed);
  const net = buildNetwork(exp.sizes, exp.activation, { backend, dtype: config.dtype });
  const initialWeights = [...net.stateDict().values()].map((t) => ({
    data: Float64Array.from(t.toTypedArray()),
    shape: [t.rows, t.cols] as [number, number],
  }));
  const { optimizer, clipGlobalNorm } = buildOptimizer(net, {
    optimizer: exp.optimizer,
    lr: config.lr,
    maxGradNorm: config.maxGradNorm,
  });
  const loader = new DataLoader(exp.trainX, exp.trainY, {
    batchSize: exp.batchSize,
    seed: config.seed,
    backend,
    dtype: config.dtype,
  });
  const loss = exp.task === 'classification' ? new CELoss() : new MSELoss();
  // The net's backend and dtype; 2000 samples a forward pass.
  const evaluate = () =>
    metricsOf(exp.task, predict(net, exp.testX, { batchSize: 2000 }).data, exp.testY);
  const order = new Int32Array(config.epochs * exp.trainX.shape[0]);
  let filled = 0;
  const stepLosses: number[] = [];
  const epochs: EpochResult[] = [];
  // The apps' epoch loop (apps/*/src/train.ts), recording what PyTorch must replay.
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const start = performance.now();
    let total = 0;
    for (const { x, y, indices } of loader.batches(epoch)) {
      net.zeroGrad();
      const value = loss.forward(net.forward(x), y);
      net.backward(loss.grad(), { inputGradient: false });
      if (clipGlobalNorm !== undefined) clipGradNorm(optimizer.parameters, clipGlobalNorm);
      optimizer.step();
      if (stepLosses.length < config.steps) stepLosses.push(value);
      order.set(indices, filled);
      filled += indices.length;
      total += value * x.cols;
    }
    const seconds = (performance.now() - start) / 1000;
    const trainLoss = total / exp.trainX.shape[0];
    epochs.push({ epoch: epoch + 1, trainLoss, seconds, ...evaluate() });
  }
  return {
    framework: `mfnet (cpu ${kernelsOf(backend)}, ${config.threads > 1 ? '2 threads' : '1 thread'}, node ${process.version})`,
    stepLosses,
    epochs,
    peakMemoryMB: process.resourceUsage().maxRSS / 1024,
    initialWeights,
    order,
  };
}

/** The CPU backend's matmul kernels (wasm-relaxed, wasm-simd or js), for the report. */
function kernelsOf(backend: Backend): string {
  // The kernels' name is on the raw kernels behind the checked door.
  const { raw } = backend;
  return 'kernels' in raw && typeof raw.kernels === 'string' ? raw.kernels : '?';
}

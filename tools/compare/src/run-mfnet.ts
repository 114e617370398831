import { buildNetwork, buildOptimizer, predict, trainLoop } from '@mfnet/app-kit';
import { DataLoader } from '@mfnet/data';
import { CELoss, MSELoss } from '@mfnet/losses';
import { checkedBackend, createBackend, type DType, manualSeed } from '@mfnet/tensor';
import { createThreadedCpuBackend } from '@mfnet/tensor/node';
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
  const m = exp.trainX.shape[0];
  const order = new Int32Array(config.epochs * m);
  let filled = 0;
  const stepLosses: number[] = [];
  const outputs = exp.sizes.at(-1)!;
  const epochs = await trainLoop({
    net,
    loss: exp.task === 'classification' ? new CELoss() : new MSELoss(),
    optimizer,
    loader,
    epochs: config.epochs,
    ...(clipGlobalNorm === undefined ? {} : { clipGlobalNorm }),
    evaluate: () =>
      metricsOf(
        exp.task,
        predict(net, exp.testX, outputs, { backend, dtype: config.dtype }),
        exp.testY,
      ),
    metricFormat: {},
    mode: 'silent',
    onStep: (loss, _step, indices) => {
      if (stepLosses.length < config.steps) stepLosses.push(loss);
      order.set(indices, filled);
      filled += indices.length;
    },
  });
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
function kernelsOf(backend: object): string {
  return 'kernels' in backend && typeof backend.kernels === 'string' ? backend.kernels : '?';
}

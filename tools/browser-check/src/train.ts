import { Identity, Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { setBackend, tensor } from '@mfnet/tensor';
import '@mfnet/tensor/gpujs';

/** What the page reports (on `window.mfnetResult` and in #result). */
export interface TrainResult {
  /** The gpu.js engine the backend runs on (webgl2 or webgl where the browser has WebGL). */
  engine: string;
  /** Engines ranked above it that were passed over, and why. */
  skipped: readonly string[];
  /** The loss every 25 epochs, epoch 0 first. */
  losses: number[];
  seconds: number;
}

/**
 * The example of @mfnet/losses' README on the gpu.js backend, chosen with one line: 64 samples
 * of y = x₁² − x₂, a 2-16-1 ReLU network, MSE, SGD with momentum, float32.
 */
export function train(epochs = 200): TrainResult {
  const backend = setBackend('gpujs');
  const gpujs = backend.raw as { engine: string; skippedEngines: string[] };
  const start = performance.now();
  const m = 64;
  const x1 = Array.from({ length: m }, (_, i) => -1 + (2 * i) / (m - 1));
  const x2 = x1.map((v) => Math.sin(3 * v));
  const ones = x1.map(() => 1);
  const dtype = 'float32' as const;
  const X = tensor([ones, x1, x2], { dtype });
  const Y = tensor([ones, x1.map((v, i) => v * v - x2[i]!)], { dtype });
  const net = new NeuralNetwork([
    new Linear(2, 16, { dtype, seed: 1 }),
    new ReLU(),
    new Linear(16, 1, { dtype, seed: 2 }),
    new Identity(),
  ]);
  const loss = new MSELoss();
  const optimizer = new SGD(net.parameters(), { lr: 0.05, momentum: 0.9, maxGradNorm: 5 });
  const losses: number[] = [];
  for (let epoch = 0; epoch <= epochs; epoch++) {
    optimizer.zeroGrad();
    const j = loss.forward(net.forward(X), Y);
    net.backward(loss.grad());
    optimizer.step();
    if (epoch % 25 === 0) losses.push(j);
  }
  return {
    engine: gpujs.engine,
    skipped: gpujs.skippedEngines,
    losses,
    seconds: (performance.now() - start) / 1e3,
  };
}

// Type-checked (module node16) from a folder where the packed tarballs are installed: a
// CommonJS consumer, so every import below resolves through the "require" condition (.d.cts).
import { DataLoader } from '@mfnet/data';
import { readIdxFile } from '@mfnet/data/node';
import { Linear, NeuralNetwork } from '@mfnet/layers';
import { saveSafetensors } from '@mfnet/layers/node';
import { MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { DTypeError, MfnetError, type Tensor, zeros } from '@mfnet/tensor';
import { createGpujsBackend } from '@mfnet/tensor/gpujs';
import { ThreadedCpuBackend } from '@mfnet/tensor/node';
import { accuracy, fit, type History } from '@mfnet/train';
import { checkpoint } from '@mfnet/train/node';

const net = new NeuralNetwork([new Linear(3, 2)]);
const weight: Tensor = new Linear(3, 2).weight;
const loss: number = new MSELoss().forward(zeros(2, 3), zeros(2, 3));
const trained: Promise<History> = fit(net, {
  data: { x: [[0, 0, 0]], y: [[1, 0]] },
  loss: new MSELoss(),
  optimizer: { name: 'adam', lr: 0.01 },
  epochs: 1,
  metrics: { accuracy: accuracy() },
  callbacks: [checkpoint({ path: 'run.safetensors' })],
});
export const uses = [
  trained,
  DataLoader,
  readIdxFile,
  saveSafetensors,
  SGD,
  createGpujsBackend,
  ThreadedCpuBackend,
  net,
  weight,
  loss,
  new DTypeError('x') instanceof MfnetError,
];

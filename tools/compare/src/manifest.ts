import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isByteMatrix } from '@mfnet/data';
import type { CompareConfig } from './options.js';
import type { MfnetRun } from './run-mfnet.js';
import type { Experiment } from './setup.js';

type RawDType = 'u8' | 'f64' | 'i32';
export interface ArraySpec {
  file: string;
  dtype: RawDType;
  shape: number[];
  /** Divide by this after reading (pixels: 255). */
  scale?: number;
}

/** Writes a typed array as raw little-endian bytes (what numpy.fromfile reads). */
async function writeRaw(
  dir: string,
  file: string,
  data: Uint8Array | Float64Array | Int32Array,
  dtype: RawDType,
  shape: number[],
): Promise<ArraySpec> {
  await writeFile(join(dir, file), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { file, dtype, shape };
}

/**
 * Writes everything PyTorch needs to replay mfnet's run into `dir`: the data (MNIST as its raw
 * bytes), mfnet's initial weights, the batch order of every epoch, and a JSON manifest that
 * describes them (read by python/train_torch.py). Returns the manifest's path.
 */
export async function writeManifest(
  dir: string,
  exp: Experiment,
  run: MfnetRun,
  config: Pick<CompareConfig, 'epochs' | 'steps' | 'threads' | 'maxGradNorm'> & {
    dtype: 'float64' | 'float32';
    lr: number;
  },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const [m, n] = exp.trainX.shape;
  const [t] = exp.testX.shape;
  // Bytes (MNIST's pixels) go as bytes with their divisor; PyTorch divides them itself.
  const features = async (name: string, matrix: Experiment['trainX']) =>
    isByteMatrix(matrix)
      ? {
          ...(await writeRaw(dir, `${name}.u8`, matrix.data, 'u8', [...matrix.shape])),
          scale: matrix.divisor,
        }
      : writeRaw(dir, `${name}.f64`, Float64Array.from(matrix.data), 'f64', [...matrix.shape]);
  const manifest = {
    task: exp.task,
    dtype: config.dtype,
    sizes: exp.sizes,
    activation: exp.activation,
    optimizer: {
      name: exp.optimizer === 'momentum' ? 'sgd' : exp.optimizer,
      lr: config.lr,
      ...(exp.optimizer === 'momentum' ? { momentum: 0.9 } : {}),
      ...(config.maxGradNorm === undefined ? {} : { maxGradNorm: config.maxGradNorm }),
    },
    epochs: config.epochs,
    batchSize: exp.batchSize,
    recordSteps: config.steps,
    threads: config.threads,
    data: {
      trainX: await features('train-x', exp.trainX),
      trainY: await writeRaw(dir, 'train-y.f64', Float64Array.from(exp.trainY.data), 'f64', [
        ...exp.trainY.shape,
      ]),
      testX: await features('test-x', exp.testX),
      testY: await writeRaw(dir, 'test-y.f64', Float64Array.from(exp.testY.data), 'f64', [
        ...exp.testY.shape,
      ]),
    },
    weights: await Promise.all(
      run.initialWeights.map((w, i) =>
        writeRaw(dir, `weight-${i}.f64`, w.data, 'f64', [...w.shape]),
      ),
    ),
    order: await writeRaw(dir, 'order.i32', run.order, 'i32', [config.epochs, m]),
    note: `features ${n}, train ${m}, test ${t}`,
  };
  const path = join(dir, 'manifest.json');
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return path;
}

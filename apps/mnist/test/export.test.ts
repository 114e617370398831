import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNetwork, helpText } from '@mfnet/app-kit';
import { type NeuralNetwork, torchStateDict } from '@mfnet/layers';
import { loadSafetensors, loadTorchSafetensors } from '@mfnet/layers/node';
import { exportOnnx } from '@mfnet/layers/onnx';
import { getBackend } from '@mfnet/tensor';
import { predict } from '@mfnet/train';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSES, loadMnistData, type MnistData, PIXELS } from '../src/data.js';
import { mnistOptions } from '../src/options.js';
import { type MnistResult, train } from '../src/train.js';

/** All graph optimisations on; one thread, so that ONNX Runtime's pool does not spin on a busy machine. */
const ORT_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
};

const PYTHON = '/usr/bin/python3';
const TORCH_CHECK = fileURLToPath(
  new URL('../../../packages/layers/test/python/torch_check.py', import.meta.url),
);
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch']).status === 0;
const torchNote = hasTorch
  ? ''
  : ` (skipped: ${PYTHON} has no torch; apt-get install python3-torch)`;

const sizes = [PIXELS, 128, 64, CLASSES];
let out: string;
let result: MnistResult;
let data: MnistData;
let net: NeuralNetwork;
/** mfnet's class scores for the 10,000 test images, 10000×10 row-major. */
let scores: Float64Array;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'mfnet-mnist-export-'));
  result = await train({
    epochs: 1,
    trainSamples: 3000,
    out,
    json: true,
    exportOnnx: true,
    onnxDtype: 'float32',
    exportTorch: true,
  });
  data = await loadMnistData({ dataDir: undefined, download: false, trainSamples: 1 });
  const backend = getBackend();
  net = buildNetwork(sizes, 'relu', { backend, dtype: 'float64' });
  await loadSafetensors(net, join(out, 'model.safetensors'));
  scores = predict(net, data.testX).data as Float64Array; // float64, as the network
}, 300_000);

function softmaxRows(values: Float64Array): Float64Array {
  const p = new Float64Array(values.length);
  for (let s = 0; s < values.length / CLASSES; s++) {
    const row = values.subarray(s * CLASSES, (s + 1) * CLASSES);
    const max = Math.max(...row);
    const sum = row.reduce((a, v) => a + Math.exp(v - max), 0);
    row.forEach((v, k) => {
      p[s * CLASSES + k] = Math.exp(v - max) / sum;
    });
  }
  return p;
}

function argmaxRows(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let s = 0; s < values.length / CLASSES; s++) {
    let best = 0;
    for (let k = 1; k < CLASSES; k++)
      if (values[s * CLASSES + k]! > values[s * CLASSES + best]!) best = k;
    out.push(best);
  }
  return out;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** The test images as the model's input: the bytes scaled as the loader scales them (x/255). */
function testPixels(): Float64Array {
  const { data: bytes, divisor } = data.testX;
  return Float64Array.from(bytes, (v) => v / divisor);
}

async function runOnnx(model: Uint8Array | string, dtype: 'float32' | 'float64') {
  const session = await ort.InferenceSession.create(model as Uint8Array, ORT_OPTIONS);
  const pixels = dtype === 'float64' ? testPixels() : Float32Array.from(testPixels());
  const feeds = { input: new ort.Tensor(dtype, pixels, [data.testLabels.length, PIXELS]) };
  const output = (await session.run(feeds)).output!;
  return { session, output };
}

const accuracyOf = (predicted: number[]) =>
  predicted.filter((p, i) => p === data.testLabels[i]).length / predicted.length;

describe('the MNIST app with --export-onnx --export-torch', () => {
  it('documents the export options and their defaults', () => {
    const help = helpText('usage', mnistOptions);
    expect(help).toMatch(/--export-onnx +also write model\.onnx, .*\(default: false\)/);
    expect(help).toMatch(/--onnx-dtype <auto\|float32\|float64> +.*\(default: auto\)/);
    expect(help).toMatch(
      /--export-torch +also write model\.torch\.safetensors, .*\(default: false\)/,
    );
  });

  it('writes model.onnx and model.torch.safetensors beside model.safetensors', () => {
    expect(result.files).toContain(join(out, 'model.safetensors'));
    expect(result.files).toContain(join(out, 'model.onnx'));
    expect(result.files).toContain(join(out, 'model.torch.safetensors'));
  });

  it('ONNX Runtime (graph optimisations on) runs model.onnx on the 10,000 test images: the same predictions, probabilities to 1e-6 in float32, the same accuracy', async () => {
    const { session, output } = await runOnnx(join(out, 'model.onnx'), 'float32');
    expect(session.inputNames).toEqual(['input']);
    expect(session.outputNames).toEqual(['output']);
    expect(session.inputMetadata[0]).toMatchObject({ type: 'float32', shape: ['batch', PIXELS] });
    expect(session.outputMetadata[0]).toMatchObject({ type: 'float32', shape: ['batch', CLASSES] });
    expect(output.dims).toEqual([10000, CLASSES]);
    const probabilities = output.data as Float32Array;
    expect(maxAbsDifference(probabilities, softmaxRows(scores))).toBeLessThan(1e-6);
    const predicted = argmaxRows(probabilities);
    expect(predicted).toEqual(argmaxRows(scores));
    expect(accuracyOf(predicted)).toBe(result.accuracy);
  });

  it('in float64 the probabilities agree to 1e-12', async () => {
    const { output } = await runOnnx(
      exportOnnx(net, { dtype: 'float64', softmax: true }),
      'float64',
    );
    const probabilities = output.data as Float64Array;
    expect(maxAbsDifference(probabilities, softmaxRows(scores))).toBeLessThan(1e-12);
    expect(accuracyOf(argmaxRows(probabilities))).toBe(result.accuracy);
  });

  it('model.torch.safetensors loads back into mfnet as the same network, bit for bit', async () => {
    const back = buildNetwork(sizes, 'relu', { backend: getBackend(), dtype: 'float64' });
    await loadTorchSafetensors(back, join(out, 'model.torch.safetensors'));
    for (const [name, t] of net.stateDict()) {
      expect([...back.stateDict().get(name)!.toTypedArray()]).toEqual([...t.toTypedArray()]);
    }
    expect([...torchStateDict(back).keys()]).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
      '4.weight',
      '4.bias',
    ]);
  });

  it.skipIf(!hasTorch)(
    `PyTorch loads model.torch.safetensors with load_state_dict(strict=True) and gives mfnet's scores on the 10,000 test images to 1e-12${torchNote}`,
    async () => {
      const paths = {
        mfnet_weights: join(out, 'model.torch.safetensors'),
        input: join(out, 'test-images.f64'),
        mfnet_outputs: join(out, 'torch-scores.f64'),
        torch_weights: join(out, 'torch-init.safetensors'),
        torch_outputs: join(out, 'torch-init-scores.f64'),
      };
      await writeFile(paths.input, testPixels());
      const layers = [
        { kind: 'linear', nIn: 784, nOut: 128 },
        { kind: 'relu' },
        { kind: 'linear', nIn: 128, nOut: 64 },
        { kind: 'relu' },
        { kind: 'linear', nIn: 64, nOut: 10 },
        { kind: 'identity' },
      ];
      const job = join(out, 'torch-job.json');
      await writeFile(job, JSON.stringify({ ...paths, layers, dtype: 'F64' }));
      const run = spawnSync(PYTHON, [TORCH_CHECK, job], { encoding: 'utf8', timeout: 240_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const torchScores = new Float64Array((await readFile(paths.mfnet_outputs)).buffer.slice(0));
      expect(maxAbsDifference(torchScores, scores)).toBeLessThan(1e-12);
      expect(argmaxRows(torchScores)).toEqual(argmaxRows(scores));
    },
    300_000,
  );
});

import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNetwork, helpText } from '@mfnet/app-kit';
import { loadCaliforniaHousing, trainTestSplit } from '@mfnet/data/node';
import type { NeuralNetwork } from '@mfnet/layers';
import { loadSafetensors, loadTorchSafetensors } from '@mfnet/layers/node';
import { exportOnnx } from '@mfnet/layers/onnx';
import { getBackend } from '@mfnet/tensor';
import { predict } from '@mfnet/train';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHousingData } from '../src/data.js';
import { housingConfig, housingOptions } from '../src/options.js';
import { type HousingResult, train } from '../src/train.js';

/** All graph optimisations on; one thread, so that ONNX Runtime's pool does not spin on a busy machine. */
const ORT_OPTIONS: ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
};

// The real data sits in ../shared beside the clone (CI has it); a fresh clone without it skips.
const shared = resolve(
  process.env.MFNET_SHARED_DIR ??
    fileURLToPath(new URL('../../../../shared/datasets', import.meta.url)),
);
const dataDir = join(shared, 'california-housing');
const hasData = existsSync(join(dataDir, 'cal_housing.data'));
const sizes = [8, 64, 64, 1];

let out: string;
let result: HousingResult;
let net: NeuralNetwork;
/** The raw (unstandardised) test features, m×8 row-major, and mfnet's predictions for them. */
let rawTest: Float64Array;
let predicted: Float64Array;
let scaler: { mean: Float64Array; scale: Float64Array };

beforeAll(async () => {
  if (!hasData) return;
  out = await mkdtemp(join(tmpdir(), 'mfnet-housing-export-'));
  const config = { epochs: 3, dataDir, out, json: true };
  result = await train({ ...config, exportOnnx: true, exportTorch: true });
  const backend = getBackend();
  net = buildNetwork(sizes, 'relu', { backend, dtype: 'float64' });
  await loadSafetensors(net, join(out, 'model.safetensors'));
  // What the app computes with: features standardised on the training part of the split …
  const data = await loadHousingData(housingConfig(config));
  predicted = predict(net, data.xTest).data as Float64Array; // float64, as the network
  scaler = data.scaler;
  // … and what a user of model.onnx sends: the same test rows, raw.
  const { arrays } = await loadCaliforniaHousing({ dir: dataDir });
  const split = trainTestSplit(arrays.features, arrays.target, { testSize: 0.2, seed: 0 });
  rawTest = Float64Array.from(split.xTest.data);
}, 300_000);

function maxRelativeDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.abs(expected[i]!));
  }
  return worst;
}

async function runOnnx(model: Uint8Array | string, dtype: 'float32' | 'float64') {
  const session = await ort.InferenceSession.create(model as Uint8Array, ORT_OPTIONS);
  const x = dtype === 'float64' ? rawTest : Float32Array.from(rawTest);
  const feeds = { input: new ort.Tensor(dtype, x, [rawTest.length / 8, 8]) };
  return { session, output: (await session.run(feeds)).output! };
}

describe('the housing app with --export-onnx --export-torch', () => {
  it('documents the export options and their defaults', () => {
    const help = helpText('usage', housingOptions);
    expect(help).toMatch(/--export-onnx +.*\(default: false\)/);
    expect(help).toMatch(/--onnx-dtype <auto\|float32\|float64> +.*\(default: auto\)/);
    expect(help).toMatch(/--export-torch +.*\(default: false\)/);
  });

  it.skipIf(!hasData)(
    'ONNX Runtime (graph optimisations on) runs model.onnx (float64, the training dtype) on the raw test features: the predictions to 1e-12 relative',
    async () => {
      expect(result.files).toContain(join(out, 'model.onnx'));
      const { session, output } = await runOnnx(join(out, 'model.onnx'), 'float64');
      expect(session.inputNames).toEqual(['input']);
      expect(session.outputNames).toEqual(['output']);
      expect(session.inputMetadata[0]).toMatchObject({ type: 'float64', shape: ['batch', 8] });
      expect(session.outputMetadata[0]).toMatchObject({ type: 'float64', shape: ['batch', 1] });
      expect(output.dims).toEqual([predicted.length, 1]);
      expect(maxRelativeDifference(output.data as Float64Array, predicted)).toBeLessThan(1e-12);
    },
  );

  it.skipIf(!hasData)(
    'in float32, to float32 rounding: 1e-4 relative (raw features rounded to float32, then standardised)',
    async () => {
      // float32 keeps 7 digits; a longitude of −122.23 rounded to float32 and centred on −119.6
      // keeps fewer, and the network adds its own rounding: measured 1.1e-5 here.
      const bytes = exportOnnx(net, { dtype: 'float32', inputScaler: scaler });
      const { session, output } = await runOnnx(bytes, 'float32');
      expect(session.inputMetadata[0]).toMatchObject({ type: 'float32', shape: ['batch', 8] });
      expect(maxRelativeDifference(output.data as Float32Array, predicted)).toBeLessThan(1e-4);
    },
  );

  it.skipIf(!hasData)(
    'model.torch.safetensors loads back as the same network, bit for bit',
    async () => {
      expect(result.files).toContain(join(out, 'model.torch.safetensors'));
      const back = buildNetwork(sizes, 'relu', { backend: getBackend(), dtype: 'float64' });
      await loadTorchSafetensors(back, join(out, 'model.torch.safetensors'));
      for (const [name, t] of net.stateDict()) {
        expect([...back.stateDict().get(name)!.toTypedArray()]).toEqual([...t.toTypedArray()]);
      }
    },
  );
});

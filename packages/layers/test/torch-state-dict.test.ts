import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DTYPES, type DType, type Tensor } from '@mfnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Activation,
  decodeSafetensors,
  encodeTorchSafetensors,
  Identity,
  LeakyReLU,
  Linear,
  loadTorchStateDict,
  NeuralNetwork,
  ReLU,
  Sigmoid,
  StateDictError,
  Tanh,
  torchStateDict,
} from '../src/index.js';
import { loadTorchSafetensors, readSafetensors, saveTorchSafetensors } from '../src/node/index.js';
import { randomBatch } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python/torch_check.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
const hasTorch = probe.status === 0;
const torchNote = hasTorch
  ? ''
  : ` (skipped: ${PYTHON} has no torch; apt-get install python3-torch)`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfnet-torch-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const network = (dtype: DType, seed = 1) =>
  new NeuralNetwork([
    new Linear(4, 6, { seed, dtype }),
    new ReLU(),
    new Linear(6, 5, { seed: seed + 1, dtype }),
    new LeakyReLU(0.01),
    new Linear(5, 5, { seed: seed + 2, dtype }),
    new Sigmoid(),
    new Linear(5, 4, { seed: seed + 3, dtype }),
    new Tanh(),
    new Linear(4, 2, { seed: seed + 4, dtype }),
    new Identity(),
  ]);

/** Every parameter's values, for bit-for-bit comparison (toEqual tells 0 from −0 and NaNs apart). */
const values = (net: NeuralNetwork) =>
  Object.fromEntries([...net.stateDict()].map(([name, t]) => [name, [...t.toTypedArray()]]));

/** mfnet's columns (features × samples, bias row 0) as row-major samples × features. */
function samplesByFeatures(t: Tensor): Float64Array {
  const data = t.toTypedArray();
  const out = new Float64Array(t.cols * (t.rows - 1));
  for (let r = 1; r < t.rows; r++)
    for (let c = 0; c < t.cols; c++) out[c * (t.rows - 1) + r - 1] = data[r * t.cols + c]!;
  return out;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('torchStateDict: PyTorch names and shapes', () => {
  it('names each Linear by its index in the Sequential, weight out × in, bias 1-D in the file', () => {
    const net = network('float64');
    const dict = torchStateDict(net);
    expect([...dict.keys()]).toEqual([
      '0.weight',
      '0.bias',
      '2.weight',
      '2.bias',
      '4.weight',
      '4.bias',
      '6.weight',
      '6.bias',
      '8.weight',
      '8.bias',
    ]);
    expect(dict.get('2.weight')!.shape).toEqual([5, 6]);
    const { tensors } = decodeSafetensors(encodeTorchSafetensors(net));
    const bytes = encodeTorchSafetensors(net);
    const headerLength = new DataView(bytes.buffer).getUint32(0, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header['2.weight'].shape).toEqual([5, 6]);
    expect(header['2.bias'].shape).toEqual([5]);
    expect(header['2.bias'].dtype).toEqual('F64');
    // W̃ = W[1:, 1:], b = W[1:, 0].
    const w = (net.layers[2] as Linear).weight.toArray();
    expect(tensors.get('2.weight')!.toArray()).toEqual(w.slice(1).map((row) => row.slice(1)));
    expect(tensors.get('2.bias')!.toArray()).toEqual([w.slice(1).map((row) => row[0])]);
  });
});

describe.each(DTYPES)('mfnet → torch names → mfnet, %s', (dtype) => {
  it('gives the identical network, bit for bit (in memory and through a file)', async () => {
    const a = network(dtype, 1);
    const b = network(dtype, 50);
    expect(values(b)).not.toEqual(values(a));
    loadTorchStateDict(b, decodeSafetensors(encodeTorchSafetensors(a)).tensors);
    expect(values(b)).toEqual(values(a));

    const path = join(dir, `round-trip-${dtype}.safetensors`);
    await saveTorchSafetensors(a, path, { metadata: { note: 'x' } });
    const c = network(dtype, 99);
    expect(await loadTorchSafetensors(c, path)).toEqual({ note: 'x' });
    expect(values(c)).toEqual(values(a));
  });
});

describe('loadTorchStateDict refuses a state dict that does not fit, changing nothing', () => {
  const dict = () => torchStateDict(network('float64', 1));
  it.each([
    [
      'a missing bias',
      (d: Map<string, Tensor>) => d.delete('4.bias'),
      /'4\.bias' \(Linear\(5→5\)\) is missing/,
    ],
    [
      'an extra name',
      (d: Map<string, Tensor>) => d.set('10.weight', d.get('0.weight')!),
      /has '10\.weight', which is no parameter/,
    ],
    [
      'a transposed weight',
      (d: Map<string, Tensor>) => d.set('2.weight', d.get('2.weight')!.backend.zeros(6, 5)),
      /layers\.2: '2\.weight' has shape \[6×5\]; the layer needs \[5×6\] \(out × in\)/,
    ],
    [
      'a bias of the wrong length',
      (d: Map<string, Tensor>) => d.set('8.bias', d.get('6.bias')!),
      /'8\.bias' has shape \[1×4\]; the layer needs \[2\]/,
    ],
  ])('%s', (_, change, message) => {
    const net = network('float64', 7);
    const before = values(net);
    const d = dict();
    change(d);
    expect(() => loadTorchStateDict(net, d)).toThrow(StateDictError);
    expect(() => loadTorchStateDict(net, d)).toThrow(message);
    expect(values(net)).toEqual(before);
  });

  it('a non-finite value', () => {
    const net = network('float64', 7);
    const d = dict();
    const bias = d.get('0.bias')!;
    d.set('0.bias', bias.backend.fromHost([1, Number.NaN, 0, 0, 0, 0], 1, 6));
    expect(() => loadTorchStateDict(net, d)).toThrow(
      /'layers\.0\.weight': element \[2, 0\] is NaN/,
    );
  });
});

describe.each(DTYPES)(`in PyTorch (${PYTHON}), %s${torchNote}`, (dtype) => {
  it.skipIf(!hasTorch)(
    'load_state_dict(strict=True) takes the export and predicts what mfnet predicts; mfnet loads a torch model and predicts what torch predicts',
    async () => {
      const net = network(dtype, 3);
      const x = randomBatch(4, 25, 11, dtype);
      const mfnetOut = samplesByFeatures(net.forward(x));
      const paths = {
        mfnet_weights: join(dir, `mfnet-${dtype}.safetensors`),
        input: join(dir, `input-${dtype}.bin`),
        mfnet_outputs: join(dir, `mfnet-outputs-${dtype}.bin`),
        torch_weights: join(dir, `torch-${dtype}.safetensors`),
        torch_outputs: join(dir, `torch-outputs-${dtype}.bin`),
      };
      await saveTorchSafetensors(net, paths.mfnet_weights);
      await writeFile(paths.input, samplesByFeatures(x));
      const layers = net.layers.map((layer) =>
        layer instanceof Linear
          ? { kind: 'linear', nIn: layer.nIn, nOut: layer.nOut }
          : { kind: (layer as Activation).kind, slope: (layer as Activation).param ?? 0 },
      );
      const job = join(dir, `job-${dtype}.json`);
      await writeFile(
        job,
        JSON.stringify({ ...paths, layers, dtype: dtype === 'float64' ? 'F64' : 'F32' }),
      );
      const run = spawnSync(PYTHON, [SCRIPT, job], { encoding: 'utf8', timeout: 120_000 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);

      // float64: the same operations in the same dtype; float32: to float32's rounding.
      const tolerance = dtype === 'float64' ? 1e-12 : 1e-6;
      const read = async (path: string) => new Float64Array((await readFile(path)).buffer.slice(0));
      const torchOnMfnetWeights = await read(paths.mfnet_outputs);
      expect(torchOnMfnetWeights.length).toBe(mfnetOut.length);
      expect(maxAbsDifference(torchOnMfnetWeights, mfnetOut)).toBeLessThan(tolerance);

      const fromTorch = network(dtype, 60);
      await loadTorchSafetensors(fromTorch, paths.torch_weights);
      const mfnetOnTorchWeights = samplesByFeatures(fromTorch.forward(x));
      const torchOut = await read(paths.torch_outputs);
      expect(torchOut.length).toBe(mfnetOnTorchWeights.length);
      expect(maxAbsDifference(mfnetOnTorchWeights, torchOut)).toBeLessThan(tolerance);
      // and torch's weights back out of mfnet are torch's, bit for bit
      const again = decodeSafetensors(encodeTorchSafetensors(fromTorch)).tensors;
      const original = await readSafetensors(paths.torch_weights);
      for (const [name, t] of original.tensors) {
        expect([...again.get(name)!.toTypedArray()]).toEqual([...t.toTypedArray()]);
      }
    },
    180_000, // importing torch alone takes seconds on a busy machine
  );
});

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DTYPES } from '@mfnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Linear,
  NeuralNetwork,
  ReLU,
  SafetensorsError,
  Sigmoid,
  StateDictError,
} from '../src/index.js';
import { loadSafetensors, readSafetensors, saveSafetensors } from '../src/node/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfnet-layers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const build = (seed: number, dtype: 'float64' | 'float32' = 'float64', hidden = 4) =>
  new NeuralNetwork([
    new Linear(3, hidden, { seed, dtype }),
    new ReLU(),
    new Linear(hidden, 2, { seed: seed + 1, dtype }),
    new Sigmoid(),
  ]);

describe.each(DTYPES)('saveSafetensors / loadSafetensors, %s', (dtype) => {
  it('round trip through a file, with metadata; no temporary file is left', async () => {
    const path = join(dir, `net-${dtype}.safetensors`);
    const a = build(1, dtype);
    await saveSafetensors(a, path, { metadata: { epoch: '3' } });
    const b = build(20, dtype);
    expect(await loadSafetensors(b, path)).toEqual({ epoch: '3' });
    for (const [name, t] of a.stateDict()) {
      expect([...b.stateDict().get(name)!.toTypedArray()]).toEqual([...t.toTypedArray()]);
    }
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('safetensors files: errors name the file', () => {
  it('a file whose shapes do not fit the network: the first mismatch', async () => {
    const path = join(dir, 'wide.safetensors');
    await saveSafetensors(build(1, 'float64', 6), path);
    const net = build(2);
    await expect(loadSafetensors(net, path)).rejects.toThrow(StateDictError);
    await expect(loadSafetensors(net, path)).rejects.toThrow(
      /wide\.safetensors: loadStateDict: 'layers\.0\.weight' has shape \[7×4\] in the state dict, \[5×4\] in the network/,
    );
  });

  it('a truncated file: the path and the byte offset', async () => {
    const path = join(dir, 'cut.safetensors');
    await saveSafetensors(build(1), path);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 10));
    const error = await readSafetensors(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as SafetensorsError).message).toMatch(
      /cut\.safetensors: safetensors: tensor 'layers\.2\.weight'.*fall outside the data section/,
    );
    expect((error as SafetensorsError).tensor).toBe('layers.2.weight');
  });

  it('saves a plain state dict too, as F32 on request', async () => {
    const path = join(dir, 'dict.safetensors');
    const net = build(1);
    await saveSafetensors(net.stateDict(), path, { dtype: 'F32' });
    const { tensors } = await readSafetensors(path);
    expect(tensors.get('layers.0.weight')!.dtype).toBe('float32');
  });
});

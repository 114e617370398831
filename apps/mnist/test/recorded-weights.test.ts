import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CpuBackend, createBackend } from '@mfnet/tensor';
import { expect, it } from 'vitest';
import { train } from '../src/train.js';

/**
 * SHA-256 of the trained weights' bytes (model.safetensors after its header) of `train()` with
 * epochs 2, trainSamples 3000, seed 5, 1 thread, as recorded from main before the app's loop
 * moved into src/train.ts. The kernels round differently (relaxed SIMD fuses multiply-adds), so
 * each has its own value.
 */
const RECORDED: Record<string, string> = {
  'wasm-relaxed': 'c976f0871d6a5c707e540fbb0da0038c0adce98bbc4224a0913f41ec16a4492a',
  'wasm-simd': '4750ed7fac42b5585c4295355c6db6900767148b61c44f4bcd8590fe74087c13',
};

/** The kernels the CPU backend runs here (`--experimental-wasm-relaxed-simd` picks relaxed). */
const kernels = (createBackend('cpu').raw as CpuBackend).kernels;

/** SHA-256 of a safetensors file's tensor bytes (the header, with its metadata, left out). */
function tensorBytesSha256(file: Uint8Array): string {
  const headerLength = Number(Buffer.from(file).readBigUInt64LE(0));
  return createHash('sha256')
    .update(file.subarray(8 + headerLength))
    .digest('hex');
}

it.skipIf(RECORDED[kernels] === undefined)(
  `trains exactly the recorded weights (${kernels} kernels)`,
  async () => {
    const out = await mkdtemp(join(tmpdir(), 'mfnet-mnist-recorded-'));
    try {
      await train({ epochs: 2, trainSamples: 3000, seed: 5, threads: 1, out, json: true });
      const model = await readFile(join(out, 'model.safetensors'));
      expect(tensorBytesSha256(model)).toBe(RECORDED[kernels]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  },
);

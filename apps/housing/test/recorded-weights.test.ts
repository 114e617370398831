import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CpuBackend, createBackend } from '@mfnet/tensor';
import { expect, it } from 'vitest';
import { train } from '../src/train.js';

/**
 * SHA-256 of the trained weights' bytes (model.safetensors after its header) of `train()` with
 * epochs 2, seed 5, 1 thread on the real data, as recorded from main before the app's loop moved
 * into src/train.ts. The kernels round differently (relaxed SIMD fuses multiply-adds), so each
 * has its own value.
 */
const RECORDED: Record<string, string> = {
  'wasm-relaxed': '66d563faebbbfcd71318b7b7e266c21d7e92b3cd813e38a26f83a1b94e5c5134',
  'wasm-simd': '48e68c1b4d4bcf5f31664c8f6c188e1c4c1c61ba41fad36b9cb5ba12165c3456',
};

/** The kernels the CPU backend runs here (`--experimental-wasm-relaxed-simd` picks relaxed). */
const kernels = (createBackend('cpu').raw as CpuBackend).kernels;

// The real data sits in ../shared beside the clone (CI has it); a fresh clone without it skips.
const dataDir = join(
  resolve(
    process.env.MFNET_SHARED_DIR ??
      fileURLToPath(new URL('../../../../shared/datasets', import.meta.url)),
  ),
  'california-housing',
);
const hasData = existsSync(join(dataDir, 'cal_housing.data'));

/** SHA-256 of a safetensors file's tensor bytes (the header, with its metadata, left out). */
function tensorBytesSha256(file: Uint8Array): string {
  const headerLength = Number(Buffer.from(file).readBigUInt64LE(0));
  return createHash('sha256')
    .update(file.subarray(8 + headerLength))
    .digest('hex');
}

it.skipIf(!hasData || RECORDED[kernels] === undefined)(
  `trains exactly the recorded weights (${kernels} kernels)`,
  async () => {
    const out = await mkdtemp(join(tmpdir(), 'mfnet-housing-recorded-'));
    try {
      await train({ epochs: 2, seed: 5, threads: 1, dataDir, out, json: true });
      const model = await readFile(join(out, 'model.safetensors'));
      expect(tensorBytesSha256(model)).toBe(RECORDED[kernels]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  },
);

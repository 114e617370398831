import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '@mfnet/layers';
import { createBackend, type Tensor } from '@mfnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from '../src/checkpoint.js';
import { buildNetwork, buildOptimizer } from '../src/network.js';

const backend = createBackend('cpu');
const fingerprint: Record<string, unknown> = { hidden: [4], seed: 0, optimizer: 'adam' };
const fresh = () => {
  const net = buildNetwork([3, 4, 2], 'relu', { backend, dtype: 'float64' });
  const { optimizer } = buildOptimizer(net, {
    optimizer: 'adam',
    lr: 0.01,
    maxGradNorm: undefined,
  });
  return { net, optimizer };
};
const weights = (net: ReturnType<typeof fresh>['net']) =>
  [...net.stateDict().values()].map((t) => t.toArray());
const history = [
  { epoch: 1, trainLoss: 0.5, seconds: 1, lr: 0.01, accuracy: 0.9 },
  { epoch: 2, trainLoss: 0.4, seconds: 1, lr: 0.01, accuracy: 0.92 },
];

/** A real checkpoint, its bytes, and a way to write a variant with other metadata. */
async function checkpoint() {
  const dir = await mkdtemp(join(tmpdir(), 'mfnet-ckpt-'));
  const path = join(dir, 'checkpoint.safetensors');
  const { net, optimizer } = fresh();
  await saveCheckpoint(path, net, optimizer, {
    epoch: 2,
    history,
    fingerprint,
    startLoss: 0.7,
    warnings: ['epoch 1: a warning'],
  });
  const bytes = new Uint8Array(await readFile(path));
  const decoded = decodeSafetensors(bytes);
  const withMetadata = async (metadata: Record<string, string>) => {
    await writeFile(path, encodeSafetensors(decoded.tensors as Map<string, Tensor>, { metadata }));
  };
  return { path, bytes, metadata: decoded.metadata, withMetadata };
}

/** Loads into a fresh network; returns the error and whether the network's weights changed. */
async function tryLoad(path: string, print = fingerprint) {
  const { net, optimizer } = fresh();
  const before = weights(net);
  const error = await loadCheckpoint(path, net, optimizer, print).catch((e: unknown) => e);
  return { error, changed: JSON.stringify(weights(net)) !== JSON.stringify(before) };
}

describe('checkpoints', () => {
  it('round-trip the weights, the history, the start loss and a SHA-256 of the tensors', async () => {
    const { path, metadata } = await checkpoint();
    expect(metadata.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { net, optimizer } = fresh();
    const state = await loadCheckpoint(path, net, optimizer, fingerprint);
    expect(state).toMatchObject({
      epoch: 2,
      history,
      fingerprint,
      startLoss: 0.7,
      warnings: ['epoch 1: a warning'],
    });
  });

  it.each([
    ['fingerprint', '{not json', /metadata field "fingerprint" is not JSON/],
    ['history', '[{"epoch":1', /metadata field "history" is not JSON/],
    ['epoch', 'abc', /metadata field "epoch" is "abc"; expected a whole number/],
    ['epoch', 'NaN', /metadata field "epoch" is "NaN"/],
    [
      'epoch',
      '3',
      /metadata field "history" has 2 records; expected .* \(3, as field "epoch" says\)/,
    ],
    ['optimizerStep', '-1', /metadata field "optimizerStep" is "-1"/],
    ['startLoss', 'Infinity', /metadata field "startLoss" is "Infinity"/],
  ])('refuses metadata %s = %j, naming the file and the field', async (field, value, message) => {
    const c = await checkpoint();
    await c.withMetadata({ ...c.metadata, [field]: value });
    const { error, changed } = await tryLoad(c.path);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toContain(c.path);
    expect((error as Error).message).toMatch(message);
    expect(changed).toBe(false);
  });

  it('refuses a missing field by name, not as undefined', async () => {
    const c = await checkpoint();
    const { epoch: _, ...rest } = c.metadata;
    await c.withMetadata(rest);
    const { error } = await tryLoad(c.path);
    expect((error as CheckpointError).field).toBe('epoch');
    expect((error as Error).message).toContain('metadata field "epoch" is missing');
  });

  it('refuses a well-formed but altered field (checksum)', async () => {
    const c = await checkpoint();
    await c.withMetadata({ ...c.metadata, optimizerStep: '5' });
    const { error } = await tryLoad(c.path);
    expect((error as CheckpointError).field).toBe('sha256');
  });

  it('refuses a flipped byte in the weights (checksum)', async () => {
    const c = await checkpoint();
    const damaged = new Uint8Array(c.bytes);
    damaged[damaged.length - 3]! ^= 0x10;
    await writeFile(c.path, damaged);
    const { error, changed } = await tryLoad(c.path);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(
      /the content's SHA-256 is [0-9a-f]{64} but the checkpoint records/,
    );
    expect((error as Error).message).toContain(c.path);
    expect(changed).toBe(false);
  });

  it('names a setting missing on one side as "(not set)", never undefined', async () => {
    const c = await checkpoint();
    const { error } = await tryLoad(c.path, { ...fingerprint, maxGradNorm: 1 });
    expect((error as Error).message).toMatch(/made with maxGradNorm = \(not set\), this run has 1/);
    expect((error as Error).message).not.toContain('undefined');
  });

  it('fuzz: any damaged metadata field is a CheckpointError naming the file and the field, and loads nothing', async () => {
    const c = await checkpoint();
    const fields = Object.keys(c.metadata);
    const value = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      fc.integer().map(String),
      fc.double().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), value, async (field, v) => {
        fc.pre(v !== c.metadata[field]);
        await c.withMetadata({ ...c.metadata, [field]: v });
        const { error, changed } = await tryLoad(c.path);
        expect(error).toBeInstanceOf(CheckpointError);
        expect((error as Error).message).toContain(c.path);
        // A well-formed value that was changed is caught by the checksum; a whole-number epoch
        // that disagrees with the history is reported on the history.
        const blamed = [field, 'sha256', ...(field === 'epoch' ? ['history'] : [])];
        expect(blamed).toContain((error as CheckpointError).field);
        expect(changed).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

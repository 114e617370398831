import { describe, expect, it } from 'vitest';
import { makeBackend } from '../src/app.js';

describe('makeBackend', () => {
  it('cpu is always there', async () => {
    expect((await makeBackend('cpu')).name).toBe('cpu');
  });

  it('cpu with 2 threads is the threaded CPU backend; with 1 the plain one', async () => {
    const backend = await makeBackend('cpu', { threads: 2 });
    const threaded = backend.raw as { threaded: boolean; close(): void };
    expect(backend.name).toBe('cpu');
    expect(threaded.threaded).toBe(true);
    threaded.close();
    expect('threaded' in (await makeBackend('cpu', { threads: 1 })).raw).toBe(false);
  });

  it('gpujs loads @mfnet/tensor/gpujs on demand and reports its engine', async () => {
    const backend = await makeBackend('gpujs');
    expect(backend.name).toBe('gpujs');
    expect(['headlessgl', 'webasm', 'cpu']).toContain((backend.raw as { engine: string }).engine);
    expect(backend.dtypes).toEqual(['float32']);
    expect(backend.defaultDType).toBe('float32');
  });

  it('an unknown backend is a usage error listing the known ones', async () => {
    await expect(makeBackend('tpu')).rejects.toThrow(/--backend tpu.*cpu/);
  });
});

import { describe, expect, it } from 'vitest';
import { makeBackend } from '../src/app.js';

describe('makeBackend', () => {
  it('cpu is always there', async () => {
    expect((await makeBackend('cpu')).name).toBe('cpu');
  });

  it('gpujs loads @mfnet/tensor/gpujs on demand and reports its engine', async () => {
    const backend = (await makeBackend('gpujs')) as Awaited<ReturnType<typeof makeBackend>> & {
      engine: string;
    };
    expect(backend.name).toBe('gpujs');
    expect(['headlessgl', 'webasm', 'cpu']).toContain(backend.engine);
    expect(backend.dtypes).toEqual(['float32']);
  });

  it('an unknown backend is a usage error listing the known ones', async () => {
    await expect(makeBackend('tpu')).rejects.toThrow(/--backend tpu.*cpu/);
  });
});

import { describe, expect, it, vi } from 'vitest';

// If anything reachable from '@mfnet/tensor' imported gpu.js, this mock would throw on import.
vi.mock('gpu.js', () => {
  throw new Error('gpu.js was loaded by @mfnet/tensor');
});

describe("'@mfnet/tensor' without the gpujs entry point", () => {
  it('never loads gpu.js, and gpujs is not registered', async () => {
    const tensor = await import('../src/index.js');
    expect(tensor.getBackend().name).toBe('cpu');
    expect(tensor.listBackends()).not.toContain('gpujs');
    expect(() => tensor.createBackend('gpujs')).toThrow(/import '@mfnet\/tensor\/gpujs'/);
  });

  it('the gpujs entry point does load it (so the mock above is live)', async () => {
    await expect(import('../src/gpujs/index.js')).rejects.toThrow();
  });
});

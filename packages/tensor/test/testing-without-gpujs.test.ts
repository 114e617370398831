import { describe, expect, it, vi } from 'vitest';

// As if gpu.js were not installed: loading it fails.
vi.mock('gpu.js', () => {
  throw new Error('Cannot find package gpu.js');
});

const warnings: string[] = [];
vi.spyOn(console, 'warn').mockImplementation((message: unknown) => {
  warnings.push(String(message));
});

// Imports without gpu.js: it is loaded only when the gpujs backend is asked for.
const testing = await import('../src/testing/index.js');

describe("'@mfnet/tensor/testing' without gpu.js", () => {
  it('imports; the gpujs backend under test is undefined, with a warning', async () => {
    await expect(testing.gpujsUnderTest()).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^gpujs backend not tested: /)]);
  });
});

// …and describeOnBackends still runs its block on the CPU backend, in each dtype.
const seen: string[] = [];
testing.describeOnBackends(['float64', 'float32'], 'describeOnBackends, %s', (dtype) => {
  it('runs on the current backend', () => {
    seen.push(dtype);
    expect(['float64', 'float32']).toContain(dtype);
  });
});

describe('afterwards', () => {
  it('the block ran once per dtype, on the CPU backend only', () => {
    expect(seen).toEqual(['float64', 'float32']);
  });
});
// (On gpujs, one skipped test says that gpujs did not load and why.)

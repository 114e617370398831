import { createCpuBackend } from '../cpu/cpu-backend.js';
import { rand, randn } from '../create.js';
import { Rng } from '../rng.js';
import { assertAllEqual, assertTensor } from './compare.js';
import { defineCase, roundTo } from './fixtures.js';
import type { ConformanceCase } from './types.js';

/**
 * Random tensors are drawn on the host by the seedable Rng and uploaded, so the same seed gives
 * the same numbers (rounded to the dtype) on every backend: here, the host generator's own
 * draws and the CPU backend's tensor.
 */
export function randomCases(): ConformanceCase[] {
  return [
    defineCase(
      'random',
      'randn with a seed gives the host Rng normals on any backend',
      (target) => {
        const { backend, dtype } = target;
        const t = randn(17, 5, { seed: 42, backend, dtype });
        assertTensor('randn', t, { backend, dtype, rows: 17, cols: 5 });
        const rng = new Rng(42);
        const want = Array.from({ length: 85 }, () => roundTo(dtype, rng.normal()));
        assertAllEqual('randn(seed 42)', backend.read(t), want);
        const cpu = randn(17, 5, { seed: 42, backend: createCpuBackend(), dtype });
        assertAllEqual(
          'randn(seed 42) against the CPU backend',
          backend.read(t),
          cpu.toTypedArray(),
        );
      },
    ),
    defineCase('random', 'rand with a seed and a range gives the host Rng uniforms', (target) => {
      const { backend, dtype } = target;
      const t = rand(3, 33, { seed: 7, low: -2, high: 3, backend, dtype });
      const rng = new Rng(7);
      const want = Array.from({ length: 99 }, () => roundTo(dtype, -2 + 5 * rng.uniform()));
      assertAllEqual('rand(seed 7, [-2, 3))', backend.read(t), want);
    }),
    defineCase('random', 'randn from a shared Rng continues its stream', (target) => {
      const { backend, dtype } = target;
      const rng = new Rng(123);
      const first = randn(2, 3, { rng, backend, dtype, mean: 1, std: 0.5 });
      const second = randn(2, 3, { rng, backend, dtype, mean: 1, std: 0.5 });
      const host = new Rng(123);
      const want = Array.from({ length: 12 }, () => roundTo(dtype, 1 + 0.5 * host.normal()));
      assertAllEqual('randn (first draw)', backend.read(first), want.slice(0, 6));
      assertAllEqual('randn (second draw)', backend.read(second), want.slice(6));
    }),
    defineCase(
      'random',
      'the same seed on two backend instances gives the same tensor',
      (target) => {
        const { dtype } = target;
        const a = randn(5, 17, { seed: 9, backend: target.backend, dtype });
        const b = randn(5, 17, { seed: 9, backend: target.makeBackend(), dtype });
        assertAllEqual('randn(seed 9) on two instances', a.toTypedArray(), b.toTypedArray());
      },
    ),
  ];
}

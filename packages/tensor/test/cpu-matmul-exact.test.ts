import { describe, expect, it } from 'vitest';
import { reference } from '../src/conformance/index.js';
import { createCpuBackend, Rng } from '../src/index.js';

/**
 * The plain CPU gemms (wasm-simd, js; not wasm-relaxed, whose fused multiply-add rounds once
 * per step; see the end of this file) are blocked (KC = 256; the wasm one also MC = 96) and register-tiled (4×4 in
 * TypeScript, 6×4 in WebAssembly SIMD), yet with alpha = 1 and beta = 0 they add each element's
 * products in increasing k from zero, with a separate multiply and add, exactly as the textbook
 * loop does: in float64 the results are bit-identical to the reference, for both kernels.
 */
const SIZES = [
  [1, 1, 1],
  [5, 3, 7],
  [33, 257, 300],
  [130, 129, 257],
  [197, 530, 13],
] as const;

function random(rng: Rng, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
}

describe.each(['wasm-simd', 'js'] as const)(
  'CPU float64 matmul with alpha = 1, beta = 0 (%s kernels)',
  (kernels) => {
    for (const [M, K, N] of SIZES) {
      for (const [transA, transB] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        it(`${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${M}×${K}·${K}×${N} equals the textbook loop exactly`, () => {
          const backend = createCpuBackend({ kernels });
          const rng = new Rng(M * 1000 + K + N);
          const a = transA ? random(rng, K, M) : random(rng, M, K);
          const b = transB ? random(rng, N, K) : random(rng, K, N);
          const ta = backend.fromHost(a.flat(), a.length, a[0]!.length, 'float64');
          const tb = backend.fromHost(b.flat(), b.length, b[0]!.length, 'float64');
          const got = backend.matmul(ta, tb, { transA, transB });
          const want = reference.matmul(a, b, { transA, transB }).flat();
          const data = backend.read(got);
          expect(data.length).toBe(M * N);
          let mismatches = 0;
          for (let i = 0; i < want.length; i++) if (data[i] !== want[i]) mismatches++;
          expect(mismatches).toBe(0);
        });
      }
    }
  },
);

describe('CPU float64 matmul on the relaxed-SIMD (FMA) kernels', () => {
  it('sums in the same order, rounding each multiply-add once: within K·ε·Σ|a·b| of the textbook loop, and not identical', () => {
    const backend = createCpuBackend({ kernels: 'wasm-relaxed' });
    const [M, K, N] = [130, 300, 57];
    const rng = new Rng(11);
    const a = random(rng, M, K);
    const b = random(rng, K, N);
    const got = backend.read(
      backend.matmul(backend.fromHost(a.flat(), M, K), backend.fromHost(b.flat(), K, N)),
    );
    const want = reference.matmul(a, b).flat();
    let worst = 0;
    let differing = 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let scale = 0;
        for (let k = 0; k < K; k++) scale += Math.abs(a[i]![k]! * b[k]![j]!);
        const error = Math.abs(got[i * N + j]! - want[i * N + j]!);
        worst = Math.max(worst, error / (K * Number.EPSILON * scale));
        if (error !== 0) differing++;
      }
    }
    expect(worst).toBeLessThan(1);
    // The fused kernel really runs (every x86-64 with AVX2, and ARM64, has FMA).
    expect(differing).toBeGreaterThan(0);
  });
});

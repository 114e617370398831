import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { GEMM_WORKER_SOURCE } from '../src/cpu/threads/gemm-worker.generated.js';
import type { WasmVariant } from '../src/cpu/wasm/load-kernels.js';
import { createCpuBackend, type DType } from '../src/index.js';
import { GemmWorker } from '../src/node/gemm-worker.js';
import { makeThreadedGemm } from '../src/node/threaded-gemm.js';

/**
 * Starts the worker's program as a browser starts a classic worker script: no `require`, and
 * the messages through the global scope's addEventListener and postMessage (emulated over
 * Node's parentPort by a prelude; the script runs as an ES module, which has no `require`).
 */
function spawnBrowserLike(source: string): Worker {
  const prelude = [
    "import { parentPort } from 'node:worker_threads';",
    'globalThis.addEventListener = (type, handle) =>',
    "  parentPort.once('message', (data) => handle({ data }));",
    'globalThis.postMessage = (message) => parentPort.postMessage(message);',
  ].join('\n');
  const url = `data:text/javascript,${encodeURIComponent(`${prelude}\n${source}`)}`;
  return new Worker(new URL(url));
}

const started: GemmWorker[] = [];
afterAll(async () => {
  await Promise.all(started.map((w) => w.close()));
});

describe('the gemm worker program', () => {
  it('is one classic script that needs no module system, file or import.meta', () => {
    expect(GEMM_WORKER_SOURCE).not.toMatch(/\bimport\s*[{(*'"]|\bexport\s|import\.meta/);
    expect(() => new Function(GEMM_WORKER_SOURCE)).not.toThrow();
  });

  const variants: WasmVariant[] = ['wasm-relaxed', 'wasm-simd'];
  for (const variant of variants) {
    for (const spawn of ['node', 'browser-like'] as const) {
      it(`${variant}, started ${spawn}: split products bit-identical to one thread`, async () => {
        const worker =
          spawn === 'node' ? new GemmWorker(variant) : new GemmWorker(variant, spawnBrowserLike);
        started.push(worker);
        await worker.ready();
        const single = createCpuBackend({ kernels: variant });
        for (const dtype of ['float64', 'float32'] as DType[]) {
          const stats = { splits: 0 };
          const gemm = makeThreadedGemm(worker, dtype, 0, stats);
          const [M, N, K] = [67, 45, 301];
          const a = Array.from({ length: M * K }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 5)));
          const b = Array.from({ length: K * N }, (_, i) => Math.cos(i * 0.11) / (1 + (i % 3)));
          const want = single.read(
            single.matmul(single.fromHost(a, M, K, dtype), single.fromHost(b, K, N, dtype)),
          );
          const Array_ = dtype === 'float64' ? Float64Array : Float32Array;
          const got = new Array_(M * N);
          gemm(false, false, M, N, K, 1, Array_.from(a), Array_.from(b), 0, got);
          expect(stats.splits).toBe(1);
          expect([...got].every((v, i) => Object.is(v, want[i]))).toBe(true);
        }
      });
    }
  }
});

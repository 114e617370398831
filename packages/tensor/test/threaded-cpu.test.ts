import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedBackend, createCpuBackend, type DType } from '../src/index.js';
import {
  createThreadedCpuBackend,
  DEFAULT_THREAD_THRESHOLD,
  ThreadedCpuBackend,
} from '../src/node/index.js';

/** Deterministic values with many significant bits, so that any change of summation order shows. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i * 0.7919) * (1 + (i % 7)));
}

/** The indices where two results differ in any bit (Object.is: NaN = NaN, 0 ≠ -0). */
function differences(x: ArrayLike<number>, y: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (!Object.is(x[i], y[i])) out.push(i);
  return out;
}

// [M, N, K]: MNIST's shapes and others below the default threshold (8e6), and above it, with
// odd sizes and split points that do not fall on a micro-kernel boundary (`everywhere` splits
// them all).
const BELOW = [
  [64, 64, 128],
  [37, 29, 41],
  [128, 64, 784],
  [128, 784, 64],
  [97, 33, 1001],
  [301, 70, 100],
] as const;
const ABOVE = [[161, 101, 521]] as const;

let threaded: ThreadedCpuBackend;
let everywhere: ThreadedCpuBackend;
const single = createCpuBackend();

beforeAll(async () => {
  threaded = await createThreadedCpuBackend();
  everywhere = await createThreadedCpuBackend({ threshold: 0 });
});
afterAll(async () => {
  await threaded.close();
  await everywhere.close();
});

describe.each(['float64', 'float32'] as DType[])('threaded matmul, %s', (dtype) => {
  it('uses threads here (wasm kernels, Atomics.wait allowed in this vitest worker)', () => {
    expect(threaded.threaded).toBe(true);
    expect(threaded.threshold).toBe(DEFAULT_THREAD_THRESHOLD);
  });

  for (const [M, N, K] of [...BELOW, ...ABOVE]) {
    it(`${M}×${K}·${K}×${N}, every transpose, alpha and beta: bit-identical to one thread`, () => {
      const big = M * N * K >= DEFAULT_THREAD_THRESHOLD;
      for (const backend of [threaded, everywhere]) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            for (const [alpha, beta] of [
              [1, 0],
              [0.37, 1.5],
            ] as const) {
              const a = values(M * K, 1);
              const b = values(K * N, 2);
              const c0 = values(M * N, 3);
              const [ar, ac] = transA ? [K, M] : [M, K];
              const [br, bc] = transB ? [N, K] : [K, N];
              const options = { transA, transB, alpha, beta };
              const want = single.fromHost(c0, M, N, dtype);
              single.matmul(
                single.fromHost(a, ar, ac, dtype),
                single.fromHost(b, br, bc, dtype),
                options,
                want,
              );
              const splitBefore = backend.splitProducts;
              const door = checkedBackend(backend);
              const got = door.fromHost(c0, M, N, dtype);
              door.matmul(
                door.fromHost(a, ar, ac, dtype),
                door.fromHost(b, br, bc, dtype),
                options,
                got,
              );
              const split = backend.splitProducts - splitBefore;
              expect(split).toBe(backend === everywhere || big ? 1 : 0);
              expect(differences(single.read(want), door.read(got))).toEqual([]);
            }
          }
        }
      }
    });
  }
});

describe('threaded backend lifecycle', () => {
  it('keeps computing on one thread after close()', async () => {
    const backend = await createThreadedCpuBackend({ threshold: 0 });
    await backend.close();
    await backend.close(); // twice is fine
    const [M, N, K] = [128, 64, 784];
    const a = values(M * K, 4);
    const b = values(K * N, 5);
    const door = checkedBackend(backend);
    const got = door.read(door.matmul(door.fromHost(a, M, K), door.fromHost(b, K, N)));
    const want = single.read(single.matmul(single.fromHost(a, M, K), single.fromHost(b, K, N)));
    expect(backend.splitProducts).toBe(0);
    expect(differences(want, got)).toEqual([]);
  });

  it('rejects a bad threshold', () => {
    expect(() => new ThreadedCpuBackend({ threshold: Number.NaN })).toThrow(/threshold/);
    expect(() => new ThreadedCpuBackend({ threshold: -1 })).toThrow(/threshold/);
  });

  // A child Node process (tsx loads the sources): the worker must not keep it alive, with or
  // without close(), on the main thread and inside a worker thread (where Atomics.wait must
  // be allowed too).
  const fixture = fileURLToPath(new URL('./fixtures/threaded-run.ts', import.meta.url));
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  for (const mode of ['main', 'close', 'in-worker']) {
    it(`a process that used it exits by itself (${mode})`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', fixture, mode], {
        cwd,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.error).toBeUndefined();
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ threaded: true, splits: 1, same: true });
    });
  }
});

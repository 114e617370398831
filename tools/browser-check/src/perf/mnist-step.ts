import { buildNetwork } from '@mfnet/app-kit/network';
import { CELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { type Backend, checkedBackend, Rng } from '@mfnet/tensor';
import { GpujsBackend } from '@mfnet/tensor/gpujs';

/**
 * mfnet's MNIST training step on gpu.js (784-128-64-10 ReLU, batch 64, SGD lr 0.1, float32,
 * cross-entropy), on random pixels and labels (the cost of a step does not depend on them), with
 * the batch uploaded from the host and the loss read back every step: what `?perf&profile` takes
 * apart. Its time against TF.js is tools/bench's browser table (`pnpm bench`), not measured here.
 */
const SIZES = [784, 128, 64, 10];
const BATCH = 64;
const BATCHES = 16;

export interface StepRunner {
  label: string;
  /** Runs `steps` training steps; returns the last loss. */
  run(steps: number): number;
}

/** BATCHES random batches: pixels in [0, 1], one-hot labels; samples as rows. */
function batches(): { x: Float32Array; y: Float32Array }[] {
  const rng = new Rng(7);
  return Array.from({ length: BATCHES }, () => {
    const x = new Float32Array(BATCH * SIZES[0]!);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
    const y = new Float32Array(BATCH * 10);
    for (let s = 0; s < BATCH; s++) y[s * 10 + Math.floor(rng.uniform() * 10)] = 1;
    return { x, y };
  });
}

/** Samples as columns with the bias row 0 of ones on top, as mfnet's layers take them. */
function mfnetLayout(rowsAsSamples: Float32Array, features: number): Float32Array {
  const out = new Float32Array((features + 1) * BATCH);
  out.fill(1, 0, BATCH);
  for (let s = 0; s < BATCH; s++) {
    for (let f = 0; f < features; f++) out[(f + 1) * BATCH + s] = rowsAsSamples[s * features + f]!;
  }
  return out;
}

/**
 * The kernels `backend` behind a proxy that, after each outermost call, waits for the GPU (a
 * 1-element read-back) and adds the time to `profile` under the op's name and shape: where a
 * step goes. The door (`checkedBackend`) goes in front of the proxy.
 */
function profiled(backend: GpujsBackend, profile: Map<string, number>): GpujsBackend {
  let depth = 0;
  const sync = checkedBackend(backend).fromHost([0], 1, 1);
  const wait = (): void => {
    backend.read(sync);
  };
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const fn = value as (...args: unknown[]) => unknown;
      return function (this: unknown, ...args: unknown[]) {
        if (depth > 0 || prop === 'stats') return fn.apply(this, args);
        depth++;
        wait();
        const start = performance.now();
        try {
          return fn.apply(this, args);
        } finally {
          wait();
          const shapes = args
            .filter(
              (a): a is { rows: number; cols: number } =>
                typeof a === 'object' && a !== null && 'rows' in a,
            )
            .map((t) => `${t.rows}x${t.cols}`)
            .join(',');
          const opts =
            prop === 'matmul' && typeof args[2] === 'object' ? JSON.stringify(args[2]) : '';
          const key = `${prop}(${shapes})${opts}`;
          profile.set(key, (profile.get(key) ?? 0) + performance.now() - start);
          depth--;
        }
      };
    },
  });
}

/** mfnet's step on the gpu.js kernels (`raw`, for `stats()`) behind the door (`backend`). */
export function mfnetRunner(
  profile?: Map<string, number>,
): StepRunner & { backend: Backend; raw: GpujsBackend } {
  const raw = new GpujsBackend({ engine: 'webgl2' });
  const backend = checkedBackend(profile === undefined ? raw : profiled(raw, profile));
  const data = batches().map(({ x, y }) => ({ x: mfnetLayout(x, 784), y: mfnetLayout(y, 10) }));
  const net = buildNetwork(SIZES, 'relu', { backend, dtype: 'float32', rng: new Rng(1) });
  const loss = new CELoss();
  const optimizer = new SGD(net.parameters(), { lr: 0.1 });
  const x = backend.zeros(785, BATCH);
  const y = backend.zeros(11, BATCH);
  let step = 0;
  return {
    label: 'mfnet gpujs webgl2',
    backend,
    raw,
    run(steps: number): number {
      let j = Number.NaN;
      for (let i = 0; i < steps; i++, step++) {
        const batch = data[step % BATCHES]!;
        backend.write(x, batch.x);
        backend.write(y, batch.y);
        optimizer.zeroGrad();
        j = loss.forward(net.forward(x), y);
        net.backward(loss.grad(), { inputGradient: false });
        optimizer.step();
      }
      return j;
    },
  };
}

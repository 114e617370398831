import type * as TfCore from '@tensorflow/tfjs-core';
import type { Workload } from '../data.js';
import { batchesToRun, type Runner, timeRepeated } from './runner.js';

type Tf = typeof TfCore;

/** `webgl` only in a browser. */
export type TfjsBackend = 'cpu' | 'wasm' | 'webgl';

let loading: Promise<Tf> | undefined;

/** TensorFlow.js core with its `cpu` and `wasm` backends registered (loaded once, on demand). */
async function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    // The union package: Node's build of tfjs-core alone registers no gradients. It brings
    // the cpu backend; the wasm one registers itself on import.
    const tf = (await import('@tensorflow/tfjs')) as unknown as Tf;
    await import('@tensorflow/tfjs-backend-wasm');
    return tf;
  })();
  return loading;
}

/**
 * TensorFlow.js on one of its backends, float32 (its only float dtype). The network is built
 * from tf variables with a hand-written forward pass (784-128-64-10 ReLU as mfnet's), the loss
 * is tf's softmax cross-entropy or the summed squared error, and `tf.train.sgd` minimizes it,
 * reading the loss back every step as mfnet does. Each batch is gathered on the host and
 * uploaded, as mfnet's DataLoader does.
 *
 * In a browser (tools/bench/browser) it also runs on `webgl`, where `readLoss: false` reads the
 * loss back only after the last step: GL queues the steps, and that one read waits for them all.
 */
export class TfjsRunner implements Runner {
  readonly framework = 'tfjs';
  readonly dtype = 'float32';
  readonly label: string;

  private constructor(
    private readonly tf: Tf,
    readonly backend: TfjsBackend,
    private readonly readLoss: boolean,
  ) {
    this.label = `tfjs ${backend} float32${readLoss ? '' : ' (loss read once)'}`;
  }

  static async create(
    backend: TfjsBackend,
    { readLoss = true }: { readLoss?: boolean } = {},
  ): Promise<TfjsRunner> {
    const tf = await loadTf();
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} did not start`);
    return new TfjsRunner(tf, backend, readLoss);
  }

  private async use(): Promise<void> {
    if (this.tf.getBackend() !== this.backend) await this.tf.setBackend(this.backend);
  }

  async matmul(n: number): Promise<number> {
    await this.use();
    const { tf } = this;
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
    const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
    tf.matMul(a, b).dispose();
    // dataSync waits for the product; dispose keeps memory flat.
    const seconds = timeRepeated(() => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }, 100);
    a.dispose();
    b.dispose();
    return seconds;
  }

  async epoch(work: Workload, fraction: number): Promise<number> {
    await this.use();
    const { tf } = this;
    const { data, sizes, batchSize } = work;
    const { total, run } = batchesToRun(work, fraction);
    const weights: { w: TfCore.Variable; b: TfCore.Variable }[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const fanIn = sizes[i]!;
      weights.push({
        w: tf.variable(
          tf.randomNormal([fanIn, sizes[i + 1]!], 0, Math.sqrt(2 / fanIn), 'float32', i),
        ),
        b: tf.variable(tf.zeros([sizes[i + 1]!])),
      });
    }
    const optimizer = tf.train.sgd(work.lr);
    const order = shuffled(data.samples, 7);
    const xHost = new Float32Array(batchSize * data.features);
    const yHost = new Float32Array(batchSize * data.outputs);

    const start = performance.now();
    for (let step = 0; step < run; step++) {
      const first = step * batchSize;
      const count = Math.min(batchSize, data.samples - first);
      for (let s = 0; s < count; s++) {
        const row = order[first + s]!;
        xHost.set(
          data.x.subarray(row * data.features, (row + 1) * data.features),
          s * data.features,
        );
        yHost.set(data.y.subarray(row * data.outputs, (row + 1) * data.outputs), s * data.outputs);
      }
      const x = tf.tensor2d(xHost.subarray(0, count * data.features), [count, data.features]);
      const y = tf.tensor2d(yHost.subarray(0, count * data.outputs), [count, data.outputs]);
      const cost = optimizer.minimize(() => {
        let a: TfCore.Tensor2D = x;
        weights.forEach(({ w, b }, i) => {
          const z = tf.add(tf.matMul(a, w), b) as TfCore.Tensor2D;
          a = i + 1 < weights.length ? tf.relu(z) : z;
        });
        return work.loss === 'ce'
          ? tf.losses.softmaxCrossEntropy(y, a)
          : tf.mean(tf.sum(tf.square(tf.sub(a, y)), 1));
      }, true);
      if (this.readLoss || step === run - 1) cost?.dataSync();
      cost?.dispose();
      x.dispose();
      y.dispose();
    }
    const seconds = (performance.now() - start) / 1000;
    optimizer.dispose();
    for (const { w, b } of weights) {
      w.dispose();
      b.dispose();
    }
    return (seconds * total) / run;
  }

  async close(): Promise<void> {}
}

/** A seeded permutation of 0 … n−1 (Fisher–Yates on a small LCG). */
function shuffled(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let state = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

import { buildNetwork } from '@mfnet/app-kit/network';
import { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { CELoss, type Loss, MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { type Backend, type DType, Rng, randn, type Tensor } from '@mfnet/tensor';
import type { Workload } from '../data.js';
import { batchesToRun, type Runner, timeRepeated } from './runner.js';

/** mfnet on one backend and dtype. */
export class MfnetRunner implements Runner {
  readonly framework = 'mfnet';
  readonly label: string;
  readonly backend: string;
  private readonly matrices = new Map<number, { a: Tensor; b: Tensor; c: Tensor }>();

  /** `backendLabel` names a variant in the table (default: the backend's name). */
  constructor(
    private readonly impl: Backend,
    readonly dtype: DType,
    backendLabel = impl.name,
  ) {
    this.backend = backendLabel;
    this.label = `mfnet ${backendLabel} ${dtype}`;
  }

  async matmul(n: number): Promise<number> {
    let m = this.matrices.get(n);
    if (m === undefined) {
      const options = { backend: this.impl, dtype: this.dtype };
      m = {
        a: randn(n, n, { ...options, seed: 1 }),
        b: randn(n, n, { ...options, seed: 2 }),
        c: this.impl.zeros(n, n, this.dtype),
      };
      this.matrices.set(n, m);
      this.impl.matmul(m.a, m.b, {}, m.c);
    }
    const { a, b, c } = m;
    return timeRepeated(() => this.impl.matmul(a, b, {}, c), 100);
  }

  async epoch(work: Workload, fraction: number): Promise<number> {
    const { net, loss, optimizer, loader } = this.setup(work);
    const { total, run } = batchesToRun(work, fraction);
    const start = performance.now();
    let done = 0;
    for (const { x, y } of loader.batches(0)) {
      if (done === run) break;
      net.zeroGrad();
      loss.forward(net.forward(x), y);
      net.backward(loss.grad(), { inputGradient: false });
      optimizer.step();
      done++;
    }
    const seconds = (performance.now() - start) / 1000;
    return (seconds * total) / run;
  }

  async close(): Promise<void> {
    this.matrices.clear();
  }

  /** A freshly initialised network, loss, SGD and loader for `work`. */
  setup(work: Workload): {
    net: NeuralNetwork;
    loss: Loss;
    optimizer: SGD;
    loader: DataLoader;
  } {
    // The apps' network (784-128-64-10 or 8-64-64-1 ReLU, Identity last), seeded weights.
    const net = buildNetwork(work.sizes, 'relu', {
      backend: this.impl,
      dtype: this.dtype,
      rng: new Rng(42),
    });
    const { data } = work;
    const loader = new DataLoader(
      { data: data.x, shape: [data.samples, data.features] },
      { data: data.y, shape: [data.samples, data.outputs] },
      { batchSize: work.batchSize, seed: 7, backend: this.impl, dtype: this.dtype },
    );
    return {
      net,
      loss: work.loss === 'ce' ? new CELoss() : new MSELoss(),
      optimizer: new SGD(net.parameters(), { lr: work.lr }),
      loader,
    };
  }
}

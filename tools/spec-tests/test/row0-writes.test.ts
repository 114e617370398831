import { Identity, Linear, NeuralNetwork, ReLU } from '@mfnet/layers';
import { CELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import {
  type Backend,
  createCpuBackend,
  type MatmulOptions,
  Rng,
  type Tensor,
} from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';

/** Counts `fill` calls (whole tensor or row 0 only) and `zeroRow0` matmuls through one backend. */
function fillCounter(inner: Backend) {
  const counts = { fillAll: 0, fillRow0: 0, fillOther: 0, zeroRow0Matmul: 0 };
  const backend: Backend = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop === 'fill') {
        return (t: Tensor, v: number, start = 0, end = t.rows) => {
          if (start === 0 && end === t.rows) counts.fillAll++;
          else if (start === 0 && end === 1) counts.fillRow0++;
          else counts.fillOther++;
          return fn.call(receiver, t, v, start, end);
        };
      }
      if (prop === 'matmul') {
        return (a: Tensor, b: Tensor, options?: MatmulOptions, out?: Tensor) => {
          if (options?.zeroRow0 === true) counts.zeroRow0Matmul++;
          return fn.call(receiver, a, b, options, out);
        };
      }
      return (...args: unknown[]) => fn.apply(receiver, args);
    },
  });
  return { backend, counts };
}

/**
 * Row 0 of an augmented weight has one owner, the Linear layer's gradient (a `zeroRow0` matmul,
 * Eq. 3.5). Before that, the optimizer also zeroed row 0 of every gradient in `step()`: an
 * MNIST step made 9 fills (3 zeroGrad, 3 row-0 fills in step(), 3 zeroRow0 matmuls), 6 of them
 * for row 0. Now it makes 6: zeroGrad's 3 and the 3 zeroRow0 products.
 */
describe('row-0 writes of one MNIST step', () => {
  it('784-128-64-10 ReLU, CELoss, SGD, batch 64 (the app defaults): 3 zeroGrad fills and 3 zeroRow0 products', () => {
    const { backend, counts } = fillCounter(createCpuBackend());
    const rng = new Rng(3);
    const options = { backend, rng };
    const net = new NeuralNetwork([
      new Linear(784, 128, options),
      new ReLU(),
      new Linear(128, 64, options),
      new ReLU(),
      new Linear(64, 10, options),
      new Identity(),
    ]);
    const x = backend.fromHost(
      Array.from({ length: 785 * 64 }, (_, i) => (i < 64 ? 1 : rng.uniform())),
      785,
      64,
    );
    const y = backend.zeros(11, 64);
    const yData = new Float64Array(11 * 64);
    for (let j = 0; j < 64; j++) {
      yData[j] = 1;
      yData[(1 + rng.int(10)) * 64 + j] = 1;
    }
    backend.write(y, yData);
    const loss = new CELoss();
    const optimizer = new SGD(net.parameters(), { lr: 0.1 });
    const step = () => {
      net.zeroGrad();
      loss.forward(net.forward(x), y);
      net.backward(loss.grad(), { inputGradient: false });
      optimizer.step();
    };
    step();
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = 0;
    step();
    expect(counts).toEqual({ fillAll: 3, fillRow0: 0, fillOther: 0, zeroRow0Matmul: 3 });
    // …and row 0 of every weight is still exactly [1, 0 … 0].
    for (const p of net.parameters()) {
      const row0 = Array.from(backend.sliceRows(p.value, 0, 1).toTypedArray());
      expect(row0).toEqual([1, ...new Array<number>(p.value.cols - 1).fill(0)]);
    }
  });
});

import { DataLoader } from '@mfnet/data';
import { Linear, NeuralNetwork, Tanh } from '@mfnet/layers';
import { MSELoss } from '@mfnet/losses';
import { SGD } from '@mfnet/optim';
import { getBackend, setBackend } from '@mfnet/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import '../src/index.js'; // registers 'plain'
import { PlainBackend } from '../src/plain-backend.js';

/** XOR, trained on the current backend with no dtype anywhere: the loss at every step. */
function trainXor(): { losses: number[]; outputs: number[]; parameters: Float64Array[] } {
  // 4 samples × 2 features; the DataLoader adds the bias rows.
  const X = { data: [0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2] } as const;
  const Y = { data: [0, 1, 1, 0], shape: [4, 1] } as const;
  const loader = new DataLoader(X, Y, { batchSize: 4, seed: 1 });
  const net = new NeuralNetwork([
    new Linear(2, 8, { seed: 1 }),
    new Tanh(),
    new Linear(8, 1, { seed: 2 }),
  ]);
  const loss = new MSELoss();
  const optimizer = new SGD(net.parameters(), { lr: 0.2 });

  const losses: number[] = [];
  for (let epoch = 0; epoch < 300; epoch++) {
    for (const { x, y } of loader) {
      optimizer.zeroGrad();
      losses.push(loss.forward(net.forward(x), y));
      net.backward(loss.grad());
      optimizer.step();
    }
  }
  const x = [...loader][0]!.x;
  const outputs = net.forward(x).toArray()[1]!;
  const parameters = net.parameters().map((p) => Float64Array.from(p.value.toTypedArray()));
  return { losses, outputs, parameters };
}

describe('a tiny network trains on the plain backend', () => {
  afterEach(() => {
    setBackend('cpu');
  });

  it('learns XOR after setBackend("plain"), on its kernels and storage', () => {
    setBackend('plain');
    const { losses } = trainXor();

    const backend = getBackend();
    expect(backend.raw).toBeInstanceOf(PlainBackend);
    expect(backend.defaultDType).toBe('float64');
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10);
  });

  it('computes what the CPU backend computes, step for step', () => {
    setBackend('cpu');
    const cpu = trainXor();
    setBackend('plain');
    const plain = trainXor();

    for (const [i, l] of plain.losses.entries()) {
      expect(Math.abs(l - cpu.losses[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(cpu.losses[i]!));
    }
    for (const [i, o] of plain.outputs.entries()) expect(o).toBeCloseTo(cpu.outputs[i]!, 9);
    expect(plain.parameters.length).toBe(cpu.parameters.length);
    for (const [i, w] of plain.parameters.entries()) {
      const want = cpu.parameters[i]!;
      expect(w.length).toBe(want.length);
      for (const [k, v] of w.entries()) expect(Math.abs(v - want[k]!)).toBeLessThanOrEqual(1e-9);
    }
  });
});

import { createCpuBackend, DTYPES, tensor } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { Linear, NeuralNetwork, ReLU, Sigmoid, StateDictError } from '../src/index.js';

const build = (seed: number, dtype: 'float64' | 'float32' = 'float64') =>
  new NeuralNetwork([
    new Linear(3, 4, { seed, dtype }),
    new ReLU(),
    new Linear(4, 2, { seed: seed + 1, dtype }),
    new Sigmoid(),
  ]);

describe.each(DTYPES)('stateDict / loadStateDict, %s', (dtype) => {
  it('round trip: names, shapes, values; the dict holds copies', () => {
    const a = build(1, dtype);
    const dict = a.stateDict();
    expect([...dict.keys()]).toEqual(['layers.0.weight', 'layers.2.weight']);
    expect(dict.get('layers.0.weight')!.shape).toEqual([5, 4]);
    expect(dict.get('layers.0.weight')).not.toBe(a.parameters()[0]!.value);
    const b = build(10, dtype);
    expect(b.stateDict().get('layers.0.weight')!.toArray()).not.toEqual(
      dict.get('layers.0.weight')!.toArray(),
    );
    b.loadStateDict(dict);
    for (const [name, t] of a.stateDict()) {
      expect(b.stateDict().get(name)!.toArray()).toEqual(t.toArray());
    }
    // Changing the network later does not change the dict taken before.
    const p = a.parameters()[0]!;
    p.value.backend.fill(p.value, 3, 1);
    expect(dict.get('layers.0.weight')!.toArray()[1]).not.toEqual([3, 3, 3, 3]);
  });

  it('accepts a plain record, and values of another dtype or backend', () => {
    const a = build(1, dtype);
    const other = createCpuBackend();
    const converted: Record<string, ReturnType<typeof tensor>> = {};
    for (const [name, t] of a.stateDict()) {
      converted[name] = other.fromHost(t.toTypedArray(), t.rows, t.cols, 'float32');
    }
    const b = build(5, dtype);
    b.loadStateDict(converted);
    for (const [name, t] of b.stateDict()) {
      expect(t.dtype).toBe(dtype);
      expect(t.toArray()).toEqual(converted[name]!.toArray());
    }
  });
});

describe('loadStateDict: a mismatch names the first one and changes nothing', () => {
  const expectUnchanged = (net: NeuralNetwork, load: () => void, message: RegExp) => {
    const before = [...net.stateDict().values()].map((t) => t.toArray());
    expect(load).toThrow(StateDictError);
    expect(load).toThrow(message);
    expect([...net.stateDict().values()].map((t) => t.toArray())).toEqual(before);
  };

  it('a missing name', () => {
    const net = build(1);
    const dict = build(2).stateDict();
    dict.delete('layers.2.weight');
    expectUnchanged(
      net,
      () => net.loadStateDict(dict),
      /'layers\.2\.weight' \(\[3×5\]\) is missing/,
    );
  });

  it('an extra name', () => {
    const net = build(1);
    const dict = build(2).stateDict();
    dict.set('layers.9.weight', tensor([[1]]));
    expectUnchanged(
      net,
      () => net.loadStateDict(dict),
      /the state dict has 'layers\.9\.weight', which is not a parameter/,
    );
  });

  it('a shape that differs', () => {
    const net = build(1);
    const dict = build(2).stateDict();
    dict.set('layers.0.weight', new Linear(3, 5, { seed: 1 }).weight);
    expectUnchanged(
      net,
      () => net.loadStateDict(dict),
      /'layers\.0\.weight' has shape \[6×4\] in the state dict, \[5×4\] in the network/,
    );
  });

  it('a row 0 that is not [1, 0 … 0], or a NaN', () => {
    const net = build(1);
    const dict = build(2).stateDict();
    const w = dict.get('layers.2.weight')!;
    w.backend.fill(w, 0.5, 0, 1);
    expectUnchanged(
      net,
      () => net.loadStateDict(dict),
      /'layers\.2\.weight': row 0 must be exactly/,
    );
    const dict2 = build(2).stateDict();
    const w2 = dict2.get('layers.0.weight')!;
    const values = w2.toTypedArray();
    values[6] = Number.NaN;
    w2.backend.write(w2, values);
    expectUnchanged(
      net,
      () => net.loadStateDict(dict2),
      /'layers\.0\.weight': element \[1, 2\] is NaN/,
    );
  });

  it('a value that is not a tensor', () => {
    const net = build(1);
    expect(() => net.loadStateDict({ 'layers.0.weight': [[1]] } as never)).toThrow(
      /'layers\.0\.weight' is not a Tensor \(got Array\)/,
    );
  });
});

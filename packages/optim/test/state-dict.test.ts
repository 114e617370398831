import { type Parameter, Rng, ShapeError, tensor } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, type Optimizer, SGD, StateDictError } from '../src/index.js';

/** Two parameters with fixed random gradients per step, so runs can be compared. */
function makeParams(seed: number): Parameter[] {
  const rng = new Rng(seed);
  const mat = (r: number, c: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => rng.normal()));
  return [
    { name: 'a', value: tensor(mat(3, 4)), grad: tensor(mat(3, 4)), fixedRow0: false },
    { name: 'b', value: tensor(mat(2, 2)), grad: tensor(mat(2, 2)), fixedRow0: false },
  ];
}

function run(opt: Optimizer, params: Parameter[], steps: number, seed: number): void {
  const rng = new Rng(seed);
  for (let s = 0; s < steps; s++) {
    for (const p of params) {
      p.grad.backend.write(
        p.grad,
        Array.from({ length: p.grad.size }, () => rng.normal()),
      );
    }
    opt.step();
  }
}

const makers: [string, (p: Parameter[]) => Optimizer][] = [
  ['SGD with momentum', (p) => new SGD(p, { lr: 0.1, momentum: 0.9 })],
  ['Adam', (p) => new Adam(p, { lr: 0.01 })],
];

describe.each(makers)('%s state dict', (_, make) => {
  it('a run resumed from a state dict ends where an uninterrupted run ends', () => {
    const straight = makeParams(1);
    run(make(straight), straight, 10, 7);

    const first = makeParams(1);
    const opt1 = make(first);
    run(opt1, first, 4, 7);
    const state = opt1.stateDict();
    // A fresh optimizer over a copy of the weights after 4 steps: without the state it would diverge.
    const resumed = first.map((p) => ({
      ...p,
      value: tensor(p.value.toArray()),
      grad: tensor(p.grad.toArray()),
    }));
    const opt2 = make(resumed);
    opt2.loadStateDict({
      step: state.step,
      tensors: Object.fromEntries(
        Object.entries(state.tensors).map(([k, t]) => [k, tensor(t.toArray())]),
      ),
    });
    expect(opt2.stepCount).toBe(4);
    // Replay the same gradient stream: skip the 4 draws already used.
    const rng = new Rng(7);
    for (let s = 0; s < 10; s++) {
      for (const p of resumed) {
        const g = Array.from({ length: p.grad.size }, () => rng.normal());
        if (s >= 4) p.grad.backend.write(p.grad, g);
      }
      if (s >= 4) opt2.step();
    }
    resumed.forEach((p, i) => {
      expect(p.value.toArray()).toEqual(straight[i]!.value.toArray());
    });
  });

  it('refuses a state with missing names or wrong shapes', () => {
    const opt = make(makeParams(1));
    const state = opt.stateDict();
    const [first] = Object.keys(state.tensors);
    const { [first!]: _dropped, ...rest } = state.tensors;
    expect(() => opt.loadStateDict({ step: 1, tensors: rest })).toThrow(StateDictError);
    expect(() => opt.loadStateDict({ step: 1, tensors: rest })).toThrow(`missing '${first}'`);
    expect(() =>
      opt.loadStateDict({ step: 1, tensors: { ...state.tensors, [first!]: tensor([[1]]) } }),
    ).toThrow(ShapeError);
    expect(() => opt.loadStateDict({ step: -1, tensors: state.tensors })).toThrow(StateDictError);
  });
});

it('plain SGD has no state tensors but keeps its step count', () => {
  const opt = new SGD(makeParams(2), { lr: 0.1 });
  opt.step();
  expect(opt.stateDict()).toEqual({ step: 1, tensors: {} });
});

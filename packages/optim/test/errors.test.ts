import { ShapeError, tensor, ValueError } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, clipGradNorm, InvalidOptionError, SGD } from '../src/index.js';
import { param } from './helpers.js';

const ps = () => [param({ name: 'layers.0.weight', value: [[1, 2]], grad: [[0, 0]] })];

describe('optimizer options are checked', () => {
  it.each([
    [{ lr: 0 }, /SGD: option lr must be a finite number > 0, got 0/],
    [{ lr: -0.1 }, /option lr .* got -0\.1/],
    [{ lr: Number.NaN }, /option lr .* got NaN/],
    [{ lr: Number.POSITIVE_INFINITY }, /option lr .* got Infinity/],
    [{ lr: 0.1, momentum: -0.5 }, /option momentum must be a finite number ≥ 0, got -0\.5/],
    [{ lr: 0.1, weightDecay: -1 }, /option weightDecay .* got -1/],
    [{ lr: 0.1, maxGradNorm: 0 }, /option maxGradNorm must be a finite number > 0, got 0/],
    [{ lr: 0.1, maxGradNorm: -2 }, /option maxGradNorm .* got -2/],
    [{ lr: 0.1, nesterov: true }, /option nesterov must be false when momentum is 0/],
  ])('SGD %o', (options, message) => {
    expect(() => new SGD(ps(), options)).toThrow(InvalidOptionError);
    expect(() => new SGD(ps(), options)).toThrow(message);
  });

  it('refuses an unknown option name (a typo would otherwise be ignored)', () => {
    // @ts-expect-error: weight_decay is not an option
    expect(() => new SGD(ps(), { lr: 0.1, weight_decay: 0.01 })).toThrow(
      /SGD: option weight_decay must be one of the known options \(lr, maxGradNorm, momentum, weightDecay, nesterov\)/,
    );
    // @ts-expect-error: amsgrad is not supported
    expect(() => new Adam(ps(), { amsgrad: true })).toThrow(
      /Adam: option amsgrad .*'amsgrad' is not one/,
    );
  });

  it('a schedule may set lr to 0 (a step then changes no weight), never below', () => {
    const moving = () => [param({ name: 'w', value: [[1, 2]], grad: [[3, 5]] })];
    for (const opt of [new SGD(moving(), { lr: 0.1, momentum: 0.9 }), new Adam(moving())]) {
      const [p] = opt.parameters;
      opt.lr = 0;
      opt.step();
      expect(p!.value.toArray()).toEqual([[1, 2]]);
      expect(() => {
        opt.lr = -0.1;
      }).toThrow(/option lr must be a finite number ≥ 0, got -0\.1/);
    }
  });

  it('SGD without options names lr', () => {
    // @ts-expect-error: testing a JavaScript caller
    expect(() => new SGD(ps())).toThrow(/option lr .* got undefined/);
  });

  it.each([
    [{ lr: 0 }, /Adam: option lr .* got 0/],
    [
      { betas: [1, 0.999] as const },
      /option betas must be a pair \[β1, β2\] with each in \[0, 1\), got \[1, 0\.999\]/,
    ],
    [{ betas: [0.9, -0.1] as const }, /option betas .* got \[0\.9, -0\.1\]/],
    [{ betas: [0.9] as unknown as [number, number] }, /option betas .* got \[0\.9\]/],
    [{ eps: 0 }, /option eps must be a finite number > 0, got 0/],
    [{ eps: -1e-8 }, /option eps .* got -1e-8/],
    [{ weightDecay: -0.01 }, /option weightDecay .* got -0\.01/],
  ])('Adam %o', (options, message) => {
    expect(() => new Adam(ps(), options)).toThrow(InvalidOptionError);
    expect(() => new Adam(ps(), options)).toThrow(message);
  });

  it('a learning rate set later is checked too', () => {
    const opt = new Adam(ps());
    expect(opt.lr).toBe(1e-3);
    opt.lr = 0.5;
    expect(opt.lr).toBe(0.5);
    expect(() => {
      opt.lr = -1;
    }).toThrow(/Adam: option lr .* got -1/);
    expect(opt.lr).toBe(0.5);
  });

  it('InvalidOptionError is a ValueError carrying the option and value', () => {
    try {
      new SGD(ps(), { lr: -3 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValueError);
      expect((e as InvalidOptionError).option).toBe('lr');
      expect((e as InvalidOptionError).value).toBe(-3);
    }
  });

  it('clipGradNorm checks maxNorm', () => {
    expect(() => clipGradNorm(ps(), 0)).toThrow(/clipGradNorm: option maxNorm .* got 0/);
    expect(() => clipGradNorm(ps(), Number.NaN)).toThrow(InvalidOptionError);
  });
});

describe('parameter lists are checked', () => {
  it('refuses an empty list', () => {
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/SGD: got an empty parameter list/);
    expect(() => clipGradNorm([], 1)).toThrow(/empty parameter list/);
  });

  it('refuses a gradient shaped unlike its value, naming the parameter and shapes', () => {
    const bad = {
      name: 'layers.4.weight',
      value: tensor([[1, 2]]),
      grad: tensor([[1]]),
      fixedRow0: false,
    };
    expect(() => new Adam([bad])).toThrow(ShapeError);
    expect(() => new Adam([bad])).toThrow(/'layers\.4\.weight'.*\[1×2\].*\[1×1\]/);
  });

  it('refuses a parameter listed twice', () => {
    const p = ps()[0]!;
    expect(() => new SGD([p, p], { lr: 1 })).toThrow(/listed twice/);
  });

  it('refuses something that is not a parameter list', () => {
    // @ts-expect-error: testing a JavaScript caller
    expect(() => new SGD(undefined, { lr: 1 })).toThrow(ValueError);
    // @ts-expect-error: testing a JavaScript caller
    expect(() => new SGD([{ name: 'x' }], { lr: 1 })).toThrow(
      /not a \{name, value, grad, fixedRow0\}/,
    );
  });

  it('accepts any iterable, such as a generator', () => {
    function* gen() {
      yield* ps();
    }
    expect(new SGD(gen(), { lr: 1 }).parameters).toHaveLength(1);
  });
});

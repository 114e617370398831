import { describe, expect, it } from 'vitest';
import { ComposedCrossEntropy } from '../src/composed-cross-entropy.js';
import { checkConformance } from '../src/conformance/index.js';
import {
  type BackendKernels,
  CpuBackend,
  checkedBackend,
  type DType,
  Tensor,
} from '../src/index.js';

/**
 * The door checks once so that kernels need not: this runs the whole conformance suite — its
 * error cases included — through the door in front of kernels that assert the BackendKernels
 * contract on every call (kernels.ts). A bad call the door let through would reach them and fail
 * with a KernelContractError instead of the typed error the case expects; a good call the door
 * passed on incompletely (no out, a missing default, a foreign tensor) fails every case using it.
 */
class KernelContractError extends Error {}

const ELEMENTWISE = new Set(['binary', 'unary', 'affine', 'clip', 'activation', 'activationGrad']);

function contractOf(name: string, args: unknown[]): void {
  const fail = (what: string) => {
    throw new KernelContractError(`${name}: ${what}`);
  };
  if (args.some((a) => a === undefined))
    fail('an argument is missing (out and defaults must be filled in)');
  const tensors = args.filter((a): a is Tensor => a instanceof Tensor);
  const dtypes = new Set<DType>(tensors.map((t) => t.dtype));
  if (dtypes.size > 1) fail('mixed dtypes');
  for (const a of args) if (typeof a === 'number' && Number.isNaN(a)) fail('a NaN scalar');
  const same = (a: Tensor, b: Tensor) => a.rows === b.rows && a.cols === b.cols;
  if (ELEMENTWISE.has(name) || name === 'axpby' || name === 'dot' || name === 'copy') {
    if (!tensors.every((t) => same(t, tensors[0]!))) fail('shapes differ');
  }
  if (name === 'copy' && tensors[0] === tensors[1]) fail('src = dst');
  if (name === 'matmul') {
    const [a, b, s, c] = args as [
      Tensor,
      Tensor,
      { transA: boolean; transB: boolean; alpha: number; beta: number; zeroRow0: boolean },
      Tensor,
    ];
    for (const k of ['transA', 'transB', 'alpha', 'beta', 'zeroRow0'] as const)
      if (s[k] === undefined) fail(`${k} not filled in`);
    const [M, K] = s.transA ? [a.cols, a.rows] : [a.rows, a.cols];
    const [K2, N] = s.transB ? [b.cols, b.rows] : [b.rows, b.cols];
    if (K !== K2 || c.rows !== M || c.cols !== N) fail('sizes do not fit');
    if (c === a || c === b) fail('out is an operand');
  }
  if (name === 'sliceRows') {
    const [a, start, end, o] = args as [Tensor, number, number, Tensor];
    if (!(start >= 0 && end > start && end <= a.rows) || o.rows !== end - start || o === a)
      fail('bad range or out');
  }
  if (name === 'fill') {
    const [t, , start, end] = args as [Tensor, number, number, number];
    if (!(start >= 0 && end > start && end <= t.rows)) fail('bad or empty row range');
  }
  if (name === 'concatRows') {
    const [top, bottom, o] = args as [Tensor, Tensor, Tensor];
    if (top.cols !== bottom.cols || o.rows !== top.rows + bottom.rows || o.cols !== top.cols)
      fail('shapes do not fit');
  }
  if (
    name === 'softmaxCols' &&
    (args[0] === args[1] || !same(args[0] as Tensor, args[1] as Tensor))
  )
    fail('bad out');
  if (
    name === 'sumRows' &&
    ((args[1] as Tensor).rows !== (args[0] as Tensor).rows || (args[1] as Tensor).cols !== 1)
  )
    fail('bad out');
  if (
    name === 'sumCols' &&
    ((args[1] as Tensor).cols !== (args[0] as Tensor).cols || (args[1] as Tensor).rows !== 1)
  )
    fail('bad out');
  if (name === 'crossEntropy' || name === 'crossEntropyGrad') {
    const [logits, targets, third] = args as [Tensor, Tensor, Tensor | number];
    if (!same(logits, targets)) fail('logits and targets differ in shape');
    if (logits.rows < 2) fail('no class rows');
    if (name === 'crossEntropy' && !((third as number) > 0 && (third as number) <= 1))
      fail('floor outside (0, 1]');
    if (name === 'crossEntropyGrad') {
      const o = third as Tensor;
      if (!same(o, logits) || o === logits || o === targets) fail('bad out');
    }
  }
}

/**
 * CPU kernels that refuse, with a KernelContractError, any call outside the contract. With
 * `fused`, they also have the optional `crossEntropy` kernels (composed here from the door's
 * other ops), so that the door's checks of those calls are probed too.
 */
function contractKernels(fused = false): BackendKernels {
  const raw: BackendKernels = new CpuBackend();
  if (fused) {
    const composed = new ComposedCrossEntropy();
    Object.assign(raw, {
      crossEntropy: (logits: Tensor, targets: Tensor, floor: number) =>
        composed.loss(checkedBackend(probe), logits, targets, floor),
      crossEntropyGrad: (logits: Tensor, targets: Tensor, out: Tensor) =>
        composed.grad(checkedBackend(probe), logits, targets, out),
    });
  }
  const probe: BackendKernels = new Proxy(raw, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'data') return value;
      return (...args: unknown[]) => {
        if (prop !== 'allocate') {
          for (const t of args) {
            if (t instanceof Tensor && checkedBackend(probe) !== t.backend) {
              throw new KernelContractError(`${prop}: a tensor of another backend`);
            }
          }
          contractOf(prop, args);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return probe;
}

describe('the door hands kernels only calls within the BackendKernels contract', () => {
  it.each([
    ['float64', false],
    ['float32', false],
    ['float64', true],
    ['float32', true],
  ] as const)('every conformance case, %s (fused crossEntropy kernels: %s)', (dtype, fused) => {
    const makeBackend = () => contractKernels(fused);
    const failures = checkConformance({ name: 'contract', makeBackend, dtype });
    const named = failures.map((f) => `${f.case.group}: ${f.case.name}: ${String(f.error)}`);
    expect(named).toEqual([]);
  });

  it('the probe is not blind: a bad call straight to the kernels fails it', () => {
    const kernels = contractKernels();
    const door = checkedBackend(kernels);
    const a = door.zeros(2, 3);
    expect(() => kernels.binary('add', a, door.zeros(3, 2), a)).toThrow(KernelContractError);
    expect(() => kernels.fill(a, 1, 1, 1)).toThrow(KernelContractError);
    expect(() =>
      kernels.matmul(a, a, { transA: false, transB: false, alpha: 1, beta: 0, zeroRow0: false }, a),
    ).toThrow(KernelContractError);
    const fused = contractKernels(true);
    const f = checkedBackend(fused);
    const row = f.zeros(1, 3);
    expect(() => fused.crossEntropy?.(row, row, 0.5)).toThrow(/no class rows/);
  });
});

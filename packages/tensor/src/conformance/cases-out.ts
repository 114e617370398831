import { ACTIVATION_KINDS, type Backend, type BinaryOp, type UnaryOp } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { assertAllClose, assertAllEqual, ensure } from './compare.js';
import {
  awayFromZero,
  type Draw,
  defineCase,
  type Input,
  normal,
  positive,
  randomInput,
  resultOf,
} from './fixtures.js';
import type { Matrix } from './reference.js';
import * as ref from './reference.js';
import type { ConformanceCase, ConformanceTarget } from './types.js';

/**
 * The `out` contract of the Backend interface: with `out` the result is written there and `out`
 * is returned; element-wise ops may take one of their inputs as `out` (in place); without
 * `out` a new tensor is returned and the inputs are left as they were.
 */
interface OutOp {
  name: string;
  inputs: readonly { rows: number; cols: number; draw: Draw }[];
  result: readonly [number, number];
  call(backend: Backend, inputs: Tensor[], out?: Tensor): Tensor;
  want(values: Matrix[]): Matrix;
  /** The error scale when not |want| (sums). */
  scale?(values: Matrix[]): Matrix;
  /** Which inputs may also be `out`. */
  inPlace: readonly number[];
}

const R = 5;
const C = 7;
const arg = (draw: Draw = normal, rows = R, cols = C) => ({ rows, cols, draw });

function v(values: Matrix[], i: number): Matrix {
  return values[i]!;
}

function t(inputs: Tensor[], i: number): Tensor {
  return inputs[i]!;
}

const OPS: readonly OutOp[] = [
  ...(['add', 'sub', 'mul', 'div'] as const).map(
    (op: BinaryOp): OutOp => ({
      name: `binary ${op}`,
      inputs: [arg(), arg(op === 'div' ? awayFromZero : normal)],
      result: [R, C],
      call: (b, x, out) => b.binary(op, t(x, 0), t(x, 1), out),
      want: (x) => ref.binary(op, v(x, 0), v(x, 1)),
      inPlace: [0, 1],
    }),
  ),
  ...(['exp', 'log', 'sqrt', 'neg', 'abs', 'square'] as const).map(
    (op: UnaryOp): OutOp => ({
      name: `unary ${op}`,
      inputs: [arg(op === 'log' || op === 'sqrt' ? positive : normal)],
      result: [R, C],
      call: (b, x, out) => b.unary(op, t(x, 0), out),
      want: (x) => ref.unary(op, v(x, 0)),
      inPlace: [0],
    }),
  ),
  {
    name: 'affine',
    inputs: [arg()],
    result: [R, C],
    call: (b, x, out) => b.affine(t(x, 0), -1.5, 0.25, out),
    want: (x) => ref.affine(v(x, 0), -1.5, 0.25),
    scale: (x) => ref.affine(ref.absolute(v(x, 0)), 1.5, 0.25),
    inPlace: [0],
  },
  {
    name: 'clip',
    inputs: [arg()],
    result: [R, C],
    call: (b, x, out) => b.clip(t(x, 0), -0.5, 0.75, out),
    want: (x) => ref.clip(v(x, 0), -0.5, 0.75),
    inPlace: [0],
  },
  ...ACTIVATION_KINDS.flatMap((kind): OutOp[] => [
    {
      name: `activation ${kind}`,
      inputs: [arg()],
      result: [R, C],
      call: (b, x, out) => b.activation(kind, t(x, 0), out, 0.1),
      want: (x) => ref.activation(kind, v(x, 0), 0.1),
      inPlace: [0],
    },
    {
      name: `activationGrad ${kind}`,
      inputs: [arg(), arg()],
      result: [R, C],
      call: (b, x, out) => b.activationGrad(kind, t(x, 0), t(x, 1), out, 0.1),
      want: (x) => ref.activationGrad(kind, v(x, 0), v(x, 1), 0.1),
      inPlace: [0, 1],
    },
  ]),
  {
    name: 'sliceRows',
    inputs: [arg()],
    result: [3, C],
    call: (b, x, out) => b.sliceRows(t(x, 0), 1, 4, out),
    want: (x) => ref.sliceRows(v(x, 0), 1, 4),
    inPlace: [],
  },
  {
    name: 'concatRows',
    inputs: [arg(normal, 2, C), arg(normal, 3, C)],
    result: [R, C],
    call: (b, x, out) => b.concatRows(t(x, 0), t(x, 1), out),
    want: (x) => ref.concatRows(v(x, 0), v(x, 1)),
    inPlace: [],
  },
  {
    name: 'softmaxCols',
    inputs: [arg()],
    result: [R, C],
    call: (b, x, out) => b.softmaxCols(t(x, 0), out),
    want: (x) => ref.softmaxCols(v(x, 0)),
    inPlace: [],
  },
  {
    name: 'sumRows',
    inputs: [arg()],
    result: [R, 1],
    call: (b, x, out) => b.sumRows(t(x, 0), out),
    want: (x) => ref.sumRows(v(x, 0)),
    scale: (x) => ref.sumRows(ref.absolute(v(x, 0))),
    inPlace: [],
  },
  {
    name: 'sumCols',
    inputs: [arg()],
    result: [1, C],
    call: (b, x, out) => b.sumCols(t(x, 0), out),
    want: (x) => ref.sumCols(v(x, 0)),
    scale: (x) => ref.sumCols(ref.absolute(v(x, 0))),
    inPlace: [],
  },
  {
    name: 'matmul',
    inputs: [arg(), arg(normal, C, 4)],
    result: [R, 4],
    call: (b, x, out) => b.matmul(t(x, 0), t(x, 1), {}, out),
    want: (x) => ref.matmul(v(x, 0), v(x, 1)),
    scale: (x) => ref.matmul(ref.absolute(v(x, 0)), ref.absolute(v(x, 1))),
    inPlace: [],
  },
];

function check(name: string, target: ConformanceTarget, op: OutOp, got: Tensor, inputs: Input[]) {
  const values = inputs.map((x) => x.values);
  const [rows, cols] = op.result;
  assertAllClose(
    name,
    resultOf(name, target, got, rows, cols),
    op.want(values),
    target.tol,
    op.scale?.(values),
  );
}

function casesFor(op: OutOp): ConformanceCase[] {
  const makeInputs = (target: ConformanceTarget, rng: Parameters<Draw>[0]): Input[] =>
    op.inputs.map((x) => randomInput(target, rng, x.rows, x.cols, x.draw));
  const cases: ConformanceCase[] = [];
  const fresh = `${op.name} without out returns a new tensor and leaves its inputs unchanged`;
  cases.push(
    defineCase('out', fresh, (target, rng) => {
      const inputs = makeInputs(target, rng);
      const tensors = inputs.map((x) => x.tensor);
      const got = op.call(target.backend, tensors);
      ensure(!tensors.includes(got), `${fresh}: returned one of its inputs`);
      check(fresh, target, op, got, inputs);
      inputs.forEach((x, i) => {
        assertAllEqual(`${fresh} (input ${i})`, target.backend.read(x.tensor), x.values.flat());
      });
    }),
  );
  const into = `${op.name} writes into out and returns it`;
  cases.push(
    defineCase('out', into, (target, rng) => {
      const inputs = makeInputs(target, rng);
      const [rows, cols] = op.result;
      const out = randomInput(target, rng, rows, cols).tensor; // old contents must not matter
      const got = op.call(
        target.backend,
        inputs.map((x) => x.tensor),
        out,
      );
      ensure(got === out, `${into}: did not return out`);
      check(into, target, op, got, inputs);
    }),
  );
  for (const i of op.inPlace) {
    const name = `${op.name} in place (out = input ${i})`;
    cases.push(
      defineCase('out', name, (target, rng) => {
        const inputs = makeInputs(target, rng);
        const tensors = inputs.map((x) => x.tensor);
        const out = tensors[i]!;
        const got = op.call(target.backend, tensors, out);
        ensure(got === out, `${name}: did not return out`);
        check(name, target, op, got, inputs);
      }),
    );
  }
  return cases;
}

export function outCases(): ConformanceCase[] {
  return OPS.flatMap(casesFor);
}

import type { BinaryOp, UnaryOp } from '../backend.js';
import { assertAllClose, ensure } from './compare.js';
import {
  awayFromZero,
  type Draw,
  defineCase,
  normal,
  positive,
  randomInput,
  resultOf,
  SHAPES,
  shapeName,
} from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase } from './types.js';

const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div'];
const UNARY_OPS: readonly UnaryOp[] = ['exp', 'log', 'sqrt', 'neg', 'abs', 'square'];

/** Inputs inside each op's domain: positive for log and sqrt, away from zero for divisors. */
const UNARY_DRAW: Record<UnaryOp, Draw> = {
  exp: normal,
  log: positive,
  sqrt: positive,
  neg: normal,
  abs: normal,
  square: normal,
};

function binaryCases(): ConformanceCase[] {
  return BINARY_OPS.flatMap((op) =>
    SHAPES.map(([rows, cols]) => {
      const name = `binary ${op} ${shapeName(rows, cols)}`;
      return defineCase('elementwise', name, (target, rng) => {
        const a = randomInput(target, rng, rows, cols);
        const b = randomInput(target, rng, rows, cols, op === 'div' ? awayFromZero : normal);
        const got = resultOf(
          name,
          target,
          target.backend.binary(op, a.tensor, b.tensor),
          rows,
          cols,
        );
        assertAllClose(name, got, ref.binary(op, a.values, b.values), target.tol);
      });
    }),
  );
}

function unaryCases(): ConformanceCase[] {
  return UNARY_OPS.flatMap((op) =>
    SHAPES.map(([rows, cols]) => {
      const name = `unary ${op} ${shapeName(rows, cols)}`;
      return defineCase('elementwise', name, (target, rng) => {
        const a = randomInput(target, rng, rows, cols, UNARY_DRAW[op]);
        const got = resultOf(name, target, target.backend.unary(op, a.tensor), rows, cols);
        assertAllClose(name, got, ref.unary(op, a.values), target.tol);
      });
    }),
  );
}

function affineCases(): ConformanceCase[] {
  const cases = SHAPES.map(([rows, cols]) => {
    const name = `affine alpha=-1.5 beta=0.25 ${shapeName(rows, cols)}`;
    return defineCase('elementwise', name, (target, rng) => {
      const a = randomInput(target, rng, rows, cols);
      const got = resultOf(name, target, target.backend.affine(a.tensor, -1.5, 0.25), rows, cols);
      // Scale |alpha·a| + |beta|: the sum may cancel to near zero.
      const scale = ref.affine(ref.absolute(a.values), 1.5, 0.25);
      assertAllClose(name, got, ref.affine(a.values, -1.5, 0.25), target.tol, scale);
    });
  });
  const name = 'affine with beta omitted scales only';
  cases.push(
    defineCase('elementwise', name, (target, rng) => {
      const a = randomInput(target, rng, 3, 5);
      const got = resultOf(name, target, target.backend.affine(a.tensor, 3), 3, 5);
      assertAllClose(name, got, ref.affine(a.values, 3), target.tol);
    }),
  );
  return cases;
}

function axpbyCases(): ConformanceCase[] {
  const settings: readonly (readonly [number, number])[] = [
    [0.5, 1],
    [-2, 0.25],
    [1, -1],
  ];
  return settings.flatMap(([alpha, beta]) =>
    SHAPES.map(([rows, cols]) => {
      const name = `axpby alpha=${alpha} beta=${beta} ${shapeName(rows, cols)}`;
      return defineCase('elementwise', name, (target, rng) => {
        const x = randomInput(target, rng, rows, cols);
        const y = randomInput(target, rng, rows, cols);
        const returned = target.backend.axpby(alpha, x.tensor, beta, y.tensor);
        ensure(returned === y.tensor, `${name}: did not return y`);
        const got = resultOf(name, target, returned, rows, cols);
        const scale = ref.axpby(
          Math.abs(alpha),
          ref.absolute(x.values),
          Math.abs(beta),
          ref.absolute(y.values),
        );
        assertAllClose(name, got, ref.axpby(alpha, x.values, beta, y.values), target.tol, scale);
        assertAllClose(
          `${name} (x unchanged)`,
          target.backend.read(x.tensor),
          x.values,
          target.tol,
        );
      });
    }),
  );
}

function clipCases(): ConformanceCase[] {
  const cases = SHAPES.map(([rows, cols]) => {
    const name = `clip [-0.5, 0.75] ${shapeName(rows, cols)}`;
    return defineCase('elementwise', name, (target, rng) => {
      const a = randomInput(target, rng, rows, cols);
      const got = resultOf(name, target, target.backend.clip(a.tensor, -0.5, 0.75), rows, cols);
      assertAllClose(name, got, ref.clip(a.values, -0.5, 0.75), target.tol);
    });
  });
  const name = 'clip with lo = hi gives a constant';
  cases.push(
    defineCase('elementwise', name, (target, rng) => {
      const a = randomInput(target, rng, 3, 5);
      const got = resultOf(name, target, target.backend.clip(a.tensor, 0.5, 0.5), 3, 5);
      assertAllClose(name, got, ref.clip(a.values, 0.5, 0.5), target.tol);
    }),
  );
  return cases;
}

export function elementwiseCases(): ConformanceCase[] {
  return [...binaryCases(), ...unaryCases(), ...affineCases(), ...axpbyCases(), ...clipCases()];
}

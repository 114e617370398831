import { assertAllClose, assertScalarClose, ensure } from './compare.js';
import { defineCase, randomInput, resultOf, SHAPES, shapeName } from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase } from './types.js';

/** Sums are compared with Σ|terms| as the error scale, since a sum may cancel to near zero. */

function tensorReductionCases(): ConformanceCase[] {
  return SHAPES.flatMap(([rows, cols]) => [
    defineCase('reductions', `sumRows ${shapeName(rows, cols)}`, (target, rng) => {
      const name = `sumRows ${shapeName(rows, cols)}`;
      const a = randomInput(target, rng, rows, cols);
      const got = resultOf(name, target, target.backend.sumRows(a.tensor), rows, 1);
      const scale = ref.sumRows(ref.absolute(a.values));
      assertAllClose(name, got, ref.sumRows(a.values), target.tol, scale);
    }),
    defineCase('reductions', `sumCols ${shapeName(rows, cols)}`, (target, rng) => {
      const name = `sumCols ${shapeName(rows, cols)}`;
      const a = randomInput(target, rng, rows, cols);
      const got = resultOf(name, target, target.backend.sumCols(a.tensor), 1, cols);
      const scale = ref.sumCols(ref.absolute(a.values));
      assertAllClose(name, got, ref.sumCols(a.values), target.tol, scale);
    }),
  ]);
}

function scalarReductionCases(): ConformanceCase[] {
  return SHAPES.flatMap(([rows, cols]) => {
    const shape = shapeName(rows, cols);
    return [
      defineCase('reductions', `sum ${shape}`, (target, rng) => {
        const a = randomInput(target, rng, rows, cols);
        const scale = ref.sum(ref.absolute(a.values));
        assertScalarClose(
          `sum ${shape}`,
          target.backend.sum(a.tensor),
          ref.sum(a.values),
          target.tol,
          scale,
        );
      }),
      defineCase('reductions', `dot ${shape}`, (target, rng) => {
        const a = randomInput(target, rng, rows, cols);
        const b = randomInput(target, rng, rows, cols);
        const scale = ref.dot(ref.absolute(a.values), ref.absolute(b.values));
        assertScalarClose(
          `dot ${shape}`,
          target.backend.dot(a.tensor, b.tensor),
          ref.dot(a.values, b.values),
          target.tol,
          scale,
        );
      }),
      defineCase('reductions', `norm ${shape}`, (target, rng) => {
        const a = randomInput(target, rng, rows, cols);
        const got = target.backend.norm(a.tensor);
        assertScalarClose(`norm ${shape}`, got, ref.norm(a.values), target.tol);
      }),
      defineCase('reductions', `min and max ${shape}`, (target, rng) => {
        const a = randomInput(target, rng, rows, cols);
        const lo = target.backend.min(a.tensor);
        const hi = target.backend.max(a.tensor);
        ensure(lo === ref.min(a.values), `min ${shape}: ${lo}, expected ${ref.min(a.values)}`);
        ensure(hi === ref.max(a.values), `max ${shape}: ${hi}, expected ${ref.max(a.values)}`);
      }),
    ];
  });
}

function specialCases(): ConformanceCase[] {
  return [
    defineCase('reductions', 'norm of zeros is 0', (target) => {
      const z = target.backend.zeros(4, 3, target.dtype);
      const got = target.backend.norm(z);
      ensure(got === 0, `norm of zeros: ${got}, expected 0`);
    }),
    defineCase('reductions', 'min and max of all-negative and single-element tensors', (target) => {
      const neg = target.backend.fromHost([-3, -1, -2, -7, -5, -4], 2, 3, target.dtype);
      ensure(target.backend.min(neg) === -7, `min: ${target.backend.min(neg)}, expected -7`);
      ensure(target.backend.max(neg) === -1, `max: ${target.backend.max(neg)}, expected -1`);
      const one = target.backend.fromHost([2.5], 1, 1, target.dtype);
      ensure(target.backend.min(one) === 2.5, `min of [2.5]: ${target.backend.min(one)}`);
      ensure(target.backend.max(one) === 2.5, `max of [2.5]: ${target.backend.max(one)}`);
    }),
  ];
}

export function reductionCases(): ConformanceCase[] {
  return [...tensorReductionCases(), ...scalarReductionCases(), ...specialCases()];
}

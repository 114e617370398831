import { assertAllClose, assertAllEqual, ensure } from './compare.js';
import { defineCase, randomInput, resultOf, SHAPES, shapeName, upload } from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase } from './types.js';

/** Columns are samples: softmaxCols normalises each one (Eq. 4.4), argmaxCols picks its class. */

function softmaxCases(): ConformanceCase[] {
  const cases = SHAPES.map(([rows, cols]) => {
    const name = `softmaxCols ${shapeName(rows, cols)}`;
    return defineCase('columns', name, (target, rng) => {
      const a = randomInput(target, rng, rows, cols, (r) => 4 * r.normal());
      const got = resultOf(name, target, target.backend.softmaxCols(a.tensor), rows, cols);
      assertAllClose(name, got, ref.softmaxCols(a.values), target.tol);
    });
  });
  const name = 'softmaxCols is stable for logits of ±1e4';
  cases.push(
    defineCase('columns', name, (target) => {
      const a = upload(target, [
        [1e4, -1e4, -1e4, 5, 1e4],
        [-1e4, -1e4, 1e4, 5, 1e4 - 1],
        [1e4 - 1, -1e4, -1e4 + 2, 5, -1e4],
        [0, -1e4, 0, 5, 1e4 - 2],
      ]);
      const got = resultOf(name, target, target.backend.softmaxCols(a.tensor), 4, 5);
      ensure(
        Array.from(got).every(Number.isFinite),
        `${name}: non-finite probabilities: ${Array.from(got).join(', ')}`,
      );
      assertAllClose(name, got, ref.softmaxCols(a.values), target.tol);
    }),
  );
  return cases;
}

function argmaxCases(): ConformanceCase[] {
  const cases = SHAPES.map(([rows, cols]) => {
    const name = `argmaxCols ${shapeName(rows, cols)}`;
    return defineCase('columns', name, (target, rng) => {
      const a = randomInput(target, rng, rows, cols);
      const got = target.backend.argmaxCols(a.tensor);
      ensure(got instanceof Int32Array, `${name}: did not return an Int32Array`);
      assertAllEqual(name, got, ref.argmaxCols(a.values));
    });
  });
  const name = 'argmaxCols picks the first row on ties';
  cases.push(
    defineCase('columns', name, (target) => {
      // Columns: tie in rows 1, 2 and 4; all equal; tie of row 0 and the last row; negatives;
      // a single maximum in the last row.
      const a = upload(target, [
        [1, 2, 3, -1, 0],
        [3, 2, 1, -5, 0],
        [3, 2, 1, -1, 0],
        [0, 2, 1, -2, 0],
        [3, 2, 3, -3, 1],
      ]);
      const got = target.backend.argmaxCols(a.tensor);
      ensure(got instanceof Int32Array, `${name}: did not return an Int32Array`);
      assertAllEqual(name, got, ref.argmaxCols(a.values));
    }),
  );
  return cases;
}

export function columnCases(): ConformanceCase[] {
  return [...softmaxCases(), ...argmaxCases()];
}

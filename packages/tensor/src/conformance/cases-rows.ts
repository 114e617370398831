import { assertAllClose, assertAllEqual, ensure } from './compare.js';
import { defineCase, randomInput, resultOf, SHAPES, shapeName } from './fixtures.js';
import * as ref from './reference.js';
import type { ConformanceCase } from './types.js';

/** sliceRows, concatRows, fill and copy move values without arithmetic: results must be exact. */

function sliceCases(): ConformanceCase[] {
  const ranges: readonly (readonly [number, number, number, number])[] = [
    // rows, cols, start, end
    [1, 1, 0, 1],
    [5, 3, 0, 1],
    [5, 3, 1, 5],
    [17, 1, 4, 9],
    [33, 130, 0, 33],
    [33, 130, 32, 33],
  ];
  return ranges.map(([rows, cols, start, end]) => {
    const name = `sliceRows [${start}, ${end}) of ${shapeName(rows, cols)}`;
    return defineCase('rows', name, (target, rng) => {
      const a = randomInput(target, rng, rows, cols);
      const got = resultOf(
        name,
        target,
        target.backend.sliceRows(a.tensor, start, end),
        end - start,
        cols,
      );
      assertAllEqual(name, got, ref.sliceRows(a.values, start, end).flat());
    });
  });
}

function concatCases(): ConformanceCase[] {
  const shapes: readonly (readonly [number, number, number])[] = [
    // top rows, bottom rows, cols
    [1, 1, 1],
    [1, 4, 3],
    [4, 1, 3],
    [17, 3, 5],
    [2, 31, 130],
  ];
  return shapes.map(([top, bottom, cols]) => {
    const name = `concatRows ${shapeName(top, cols)} over ${shapeName(bottom, cols)}`;
    return defineCase('rows', name, (target, rng) => {
      const t = randomInput(target, rng, top, cols);
      const b = randomInput(target, rng, bottom, cols);
      const got = resultOf(
        name,
        target,
        target.backend.concatRows(t.tensor, b.tensor),
        top + bottom,
        cols,
      );
      assertAllEqual(name, got, ref.concatRows(t.values, b.values).flat());
    });
  });
}

function fillCases(): ConformanceCase[] {
  const ranges: readonly { what: string; start?: number; end?: number }[] = [
    { what: 'all rows' },
    { what: 'row 0', start: 0, end: 1 },
    { what: 'rows 1…', start: 1 },
    { what: 'rows [2, 4)', start: 2, end: 4 },
    { what: 'the empty range [2, 2)', start: 2, end: 2 },
  ];
  return ranges.map(({ what, start, end }) => {
    const name = `fill ${what} of 5×7 with -2.5`;
    return defineCase('rows', name, (target, rng) => {
      const t = randomInput(target, rng, 5, 7);
      const returned =
        start === undefined
          ? target.backend.fill(t.tensor, -2.5)
          : end === undefined
            ? target.backend.fill(t.tensor, -2.5, start)
            : target.backend.fill(t.tensor, -2.5, start, end);
      ensure(returned === t.tensor, `${name}: did not return t`);
      const got = resultOf(name, target, returned, 5, 7);
      assertAllEqual(name, got, ref.fill(t.values, -2.5, start, end).flat());
    });
  });
}

function copyCases(): ConformanceCase[] {
  const cases = SHAPES.map(([rows, cols]) => {
    const name = `copy ${shapeName(rows, cols)}`;
    return defineCase('rows', name, (target, rng) => {
      const src = randomInput(target, rng, rows, cols);
      const dst = randomInput(target, rng, rows, cols);
      const returned = target.backend.copy(src.tensor, dst.tensor);
      ensure(returned === dst.tensor, `${name}: did not return dst`);
      assertAllEqual(name, resultOf(name, target, returned, rows, cols), src.values.flat());
      assertAllEqual(`${name} (src unchanged)`, target.backend.read(src.tensor), src.values.flat());
    });
  });
  const name = 'copy of a tensor onto itself leaves it unchanged';
  cases.push(
    defineCase('rows', name, (target, rng) => {
      const t = randomInput(target, rng, 4, 6);
      target.backend.copy(t.tensor, t.tensor);
      assertAllClose(name, target.backend.read(t.tensor), t.values, target.tol);
    }),
  );
  return cases;
}

export function rowCases(): ConformanceCase[] {
  return [...sliceCases(), ...concatCases(), ...fillCases(), ...copyCases()];
}

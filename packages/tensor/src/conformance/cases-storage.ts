import { assertAllEqual, assertTensor, ensure } from './compare.js';
import { defineCase, randomMatrix, roundTo, SHAPES, shapeName } from './fixtures.js';
import type { ConformanceCase, ConformanceTarget } from './types.js';

/** zeros, fromHost, write, read and dispose: values go in and come out exactly (rounded to dtype). */

function expectedType(target: ConformanceTarget): string {
  return target.dtype === 'float64' ? 'Float64Array' : 'Float32Array';
}

function checkRead(what: string, target: ConformanceTarget, got: unknown, want: number[]): void {
  const type = expectedType(target);
  ensure(
    got instanceof (target.dtype === 'float64' ? Float64Array : Float32Array),
    `${what}: read returned ${Object.prototype.toString.call(got)}, expected a ${type}`,
  );
  assertAllEqual(
    what,
    got as ArrayLike<number>,
    want.map((v) => roundTo(target.dtype, v)),
  );
}

export function storageCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [
    defineCase('storage', 'name and dtypes describe the backend', (target) => {
      const { backend } = target;
      ensure(
        typeof backend.name === 'string' && backend.name.length > 0,
        'name: must be a non-empty string',
      );
      ensure(
        backend.dtypes.includes(target.dtype),
        `dtypes: [${backend.dtypes.join(', ')}] does not list ${target.dtype}`,
      );
    }),
  ];
  for (const [rows, cols] of SHAPES) {
    const shape = shapeName(rows, cols);
    cases.push(
      defineCase('storage', `zeros ${shape}`, (target) => {
        const t = target.backend.zeros(rows, cols, target.dtype);
        assertTensor(`zeros ${shape}`, t, { ...target, rows, cols });
        checkRead(`zeros ${shape}`, target, target.backend.read(t), new Array(rows * cols).fill(0));
      }),
      defineCase('storage', `fromHost and read ${shape} round-trip`, (target, rng) => {
        const data = randomMatrix(rng, rows, cols).flat();
        const t = target.backend.fromHost(data, rows, cols, target.dtype);
        assertTensor(`fromHost ${shape}`, t, { ...target, rows, cols });
        checkRead(`fromHost ${shape}`, target, target.backend.read(t), data);
      }),
    );
  }
  cases.push(
    defineCase('storage', 'fromHost accepts Float64Array and Float32Array', (target, rng) => {
      const data = randomMatrix(rng, 3, 4).flat();
      for (const host of [Float64Array.from(data), Float32Array.from(data)]) {
        const t = target.backend.fromHost(host, 3, 4, target.dtype);
        checkRead(`fromHost(${host.constructor.name})`, target, target.backend.read(t), [...host]);
      }
    }),
    defineCase('storage', 'fromHost copies its data', (target) => {
      const data = [1, 2, 3, 4, 5, 6];
      const t = target.backend.fromHost(data, 2, 3, target.dtype);
      data[0] = 100;
      checkRead(
        'fromHost then changing the source',
        target,
        target.backend.read(t),
        [1, 2, 3, 4, 5, 6],
      );
    }),
    defineCase('storage', 'read returns a copy', (target) => {
      const t = target.backend.fromHost([1, 2, 3, 4], 2, 2, target.dtype);
      const first = target.backend.read(t);
      first[0] = 100;
      checkRead('read then changing the copy', target, target.backend.read(t), [1, 2, 3, 4]);
    }),
    defineCase('storage', 'write overwrites every element', (target, rng) => {
      const t = target.backend.fromHost(randomMatrix(rng, 5, 7).flat(), 5, 7, target.dtype);
      const data = randomMatrix(rng, 5, 7).flat();
      target.backend.write(t, Float64Array.from(data));
      checkRead('write', target, target.backend.read(t), data);
      target.backend.write(t, new Array(35).fill(0.5));
      checkRead('write (second time)', target, target.backend.read(t), new Array(35).fill(0.5));
    }),
    defineCase('storage', 'dispose of one tensor leaves others intact', (target) => {
      const keep = target.backend.fromHost([1, 2, 3], 1, 3, target.dtype);
      const drop = target.backend.fromHost([4, 5, 6], 1, 3, target.dtype);
      target.backend.dispose(drop);
      const fresh = target.backend.fromHost([7, 8, 9], 1, 3, target.dtype);
      checkRead('dispose (kept tensor)', target, target.backend.read(keep), [1, 2, 3]);
      checkRead('dispose (new tensor)', target, target.backend.read(fresh), [7, 8, 9]);
    }),
  );
  return cases;
}

import type { Backend } from '../backend.js';
import type { DType } from '../dtype.js';
import { BackendError, DTypeError, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { assertThrows } from './compare.js';
import { defineCase } from './fixtures.js';
import type { ConformanceCase, ConformanceTarget } from './types.js';

/**
 * Bad calls are refused with typed errors (Backend docs): shapes that do not fit → ShapeError
 * naming the op and the shapes; a tensor of another backend instance → BackendError; bad sizes
 * or data lengths → ValueError; unknown or mixed dtypes → DTypeError.
 */
type Make = (rows: number, cols: number) => Tensor;

function maker(backend: Backend, dtype: DType): Make {
  return (rows, cols) => backend.zeros(rows, cols, dtype);
}

const SHAPE_ERRORS: readonly {
  what: string;
  mentions: readonly string[];
  call: (b: Backend, m: Make) => unknown;
}[] = [
  {
    what: 'binary add of 2×3 and 3×2',
    mentions: ['add', '2×3', '3×2'],
    call: (b, m) => b.binary('add', m(2, 3), m(3, 2)),
  },
  {
    what: 'binary mul into an out of the wrong shape',
    mentions: ['mul', '3×2'],
    call: (b, m) => b.binary('mul', m(2, 3), m(2, 3), m(3, 2)),
  },
  {
    what: 'unary exp into an out of the wrong shape',
    mentions: ['exp', '2×2'],
    call: (b, m) => b.unary('exp', m(2, 3), m(2, 2)),
  },
  {
    what: 'affine into an out of the wrong shape',
    mentions: ['affine'],
    call: (b, m) => b.affine(m(2, 3), 2, 1, m(3, 3)),
  },
  {
    what: 'clip into an out of the wrong shape',
    mentions: ['clip'],
    call: (b, m) => b.clip(m(2, 3), 0, 1, m(1, 3)),
  },
  {
    what: 'matmul NN with inner sizes 3 and 2',
    mentions: ['matmul', '2×3'],
    call: (b, m) => b.matmul(m(2, 3), m(2, 3)),
  },
  {
    what: 'matmul NT with inner sizes 3 and 2',
    mentions: ['matmul'],
    call: (b, m) => b.matmul(m(2, 3), m(3, 2), { transB: true }),
  },
  {
    what: 'matmul TN with inner sizes 2 and 3',
    mentions: ['matmul'],
    call: (b, m) => b.matmul(m(2, 3), m(3, 2), { transA: true }),
  },
  {
    what: 'matmul TT with inner sizes 2 and 3',
    mentions: ['matmul'],
    call: (b, m) => b.matmul(m(2, 3), m(2, 3), { transA: true, transB: true }),
  },
  {
    what: 'matmul into an out of the wrong shape',
    mentions: ['matmul', '2×2'],
    call: (b, m) => b.matmul(m(2, 3), m(3, 4), {}, m(2, 2)),
  },
  {
    what: 'axpby of 2×3 into 3×2',
    mentions: ['axpby', '2×3', '3×2'],
    call: (b, m) => b.axpby(1, m(2, 3), 1, m(3, 2)),
  },
  {
    what: 'activation into an out of the wrong shape',
    mentions: ['relu'],
    call: (b, m) => b.activation('relu', m(2, 3), m(3, 2)),
  },
  {
    what: 'activationGrad with z 2×3 and dA 2×4',
    mentions: ['tanh', '2×3', '2×4'],
    call: (b, m) => b.activationGrad('tanh', m(2, 3), m(2, 4)),
  },
  {
    what: 'sliceRows past the last row',
    mentions: ['sliceRows', '5×3'],
    call: (b, m) => b.sliceRows(m(5, 3), 2, 6),
  },
  {
    what: 'sliceRows of an empty range',
    mentions: ['sliceRows'],
    call: (b, m) => b.sliceRows(m(5, 3), 2, 2),
  },
  {
    what: 'sliceRows from a negative row',
    mentions: ['sliceRows'],
    call: (b, m) => b.sliceRows(m(5, 3), -1, 2),
  },
  {
    what: 'sliceRows into an out of the wrong shape',
    mentions: ['sliceRows'],
    call: (b, m) => b.sliceRows(m(5, 3), 1, 3, m(3, 3)),
  },
  {
    what: 'concatRows of 2×3 and 2×4',
    mentions: ['concatRows', '2×3', '2×4'],
    call: (b, m) => b.concatRows(m(2, 3), m(2, 4)),
  },
  {
    what: 'concatRows into an out of the wrong shape',
    mentions: ['concatRows'],
    call: (b, m) => b.concatRows(m(2, 3), m(1, 3), m(4, 3)),
  },
  {
    what: 'fill of rows past the last row',
    mentions: ['fill', '4×2'],
    call: (b, m) => b.fill(m(4, 2), 1, 2, 5),
  },
  {
    what: 'copy of 2×3 to 3×2',
    mentions: ['copy', '2×3', '3×2'],
    call: (b, m) => b.copy(m(2, 3), m(3, 2)),
  },
  {
    what: 'crossEntropy of 3×4 logits and 3×5 targets',
    mentions: ['crossEntropy', '3×4', '3×5'],
    call: (b, m) => b.crossEntropy(m(3, 4), m(3, 5), 1e-30),
  },
  {
    what: 'crossEntropy of logits without a class row',
    mentions: ['crossEntropy', '1×4'],
    call: (b, m) => b.crossEntropy(m(1, 4), m(1, 4), 1e-30),
  },
  {
    what: 'crossEntropyGrad into an out of the wrong shape',
    mentions: ['crossEntropyGrad', '3×3'],
    call: (b, m) => b.crossEntropyGrad(m(3, 4), m(3, 4), m(3, 3)),
  },
  {
    what: 'softmaxCols into an out of the wrong shape',
    mentions: ['softmaxCols'],
    call: (b, m) => b.softmaxCols(m(3, 4), m(4, 3)),
  },
  {
    what: 'sumRows into a 1×rows out',
    mentions: ['sumRows'],
    call: (b, m) => b.sumRows(m(3, 4), m(1, 3)),
  },
  {
    what: 'sumCols into a cols×1 out',
    mentions: ['sumCols'],
    call: (b, m) => b.sumCols(m(3, 4), m(4, 1)),
  },
  {
    what: 'dot of 2×3 and 3×2',
    mentions: ['dot', '2×3', '3×2'],
    call: (b, m) => b.dot(m(2, 3), m(3, 2)),
  },
];

/** Every operation, given one tensor (`x`) of a second backend instance. */
const FOREIGN: readonly { what: string; call: (b: Backend, m: Make, x: Tensor) => unknown }[] = [
  { what: 'read', call: (b, _m, x) => b.read(x) },
  { what: 'write', call: (b, _m, x) => b.write(x, [1, 2, 3, 4, 5, 6]) },
  { what: 'matmul (A foreign)', call: (b, m, x) => b.matmul(x, m(3, 2)) },
  { what: 'matmul (out foreign)', call: (b, m, x) => b.matmul(m(2, 2), m(2, 3), {}, x) },
  { what: 'binary', call: (b, m, x) => b.binary('add', m(2, 3), x) },
  { what: 'unary', call: (b, _m, x) => b.unary('exp', x) },
  { what: 'unary (out foreign)', call: (b, m, x) => b.unary('exp', m(2, 3), x) },
  { what: 'affine', call: (b, _m, x) => b.affine(x, 2) },
  { what: 'axpby', call: (b, m, x) => b.axpby(1, x, 1, m(2, 3)) },
  { what: 'clip', call: (b, _m, x) => b.clip(x, 0, 1) },
  { what: 'activation', call: (b, _m, x) => b.activation('sigmoid', x) },
  { what: 'activationGrad', call: (b, m, x) => b.activationGrad('sigmoid', m(2, 3), x) },
  { what: 'sliceRows', call: (b, _m, x) => b.sliceRows(x, 0, 1) },
  { what: 'concatRows', call: (b, m, x) => b.concatRows(m(1, 3), x) },
  { what: 'fill', call: (b, _m, x) => b.fill(x, 1) },
  { what: 'copy (src foreign)', call: (b, m, x) => b.copy(x, m(2, 3)) },
  { what: 'copy (dst foreign)', call: (b, m, x) => b.copy(m(2, 3), x) },
  { what: 'softmaxCols', call: (b, _m, x) => b.softmaxCols(x) },
  { what: 'argmaxCols', call: (b, _m, x) => b.argmaxCols(x) },
  { what: 'crossEntropy', call: (b, m, x) => b.crossEntropy(m(2, 3), x, 1e-30) },
  {
    what: 'crossEntropyGrad (out foreign)',
    call: (b, m, x) => b.crossEntropyGrad(m(2, 3), m(2, 3), x),
  },
  { what: 'sumRows', call: (b, _m, x) => b.sumRows(x) },
  { what: 'sumCols', call: (b, _m, x) => b.sumCols(x) },
  { what: 'sum', call: (b, _m, x) => b.sum(x) },
  { what: 'dot', call: (b, m, x) => b.dot(m(2, 3), x) },
  { what: 'norm', call: (b, _m, x) => b.norm(x) },
  { what: 'min', call: (b, _m, x) => b.min(x) },
  { what: 'max', call: (b, _m, x) => b.max(x) },
];

function otherDType(target: ConformanceTarget): DType | undefined {
  return target.backend.dtypes.find((d) => d !== target.dtype);
}

export function errorCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = SHAPE_ERRORS.map(({ what, mentions, call }) =>
    defineCase('errors', `${what} throws a ShapeError`, (target) => {
      const m = maker(target.backend, target.dtype);
      assertThrows(what, () => call(target.backend, m), ShapeError, mentions);
    }),
  );
  for (const { what, call } of FOREIGN) {
    cases.push(
      defineCase(
        'errors',
        `${what} with a tensor of another backend instance throws a BackendError`,
        (target) => {
          const other = target.makeBackend();
          if (other === target.backend) {
            throw new Error('makeBackend returned the same instance twice; it must make a new one');
          }
          const x = other.zeros(2, 3, target.dtype);
          assertThrows(
            `${what} (foreign tensor)`,
            () => call(target.backend, maker(target.backend, target.dtype), x),
            BackendError,
          );
        },
      ),
    );
  }
  cases.push(
    defineCase(
      'errors',
      'crossEntropy with a floor outside (0, 1] throws a ValueError',
      (target) => {
        const m = maker(target.backend, target.dtype);
        for (const floor of [0, -1e-30, 1.5, Number.NaN]) {
          assertThrows(
            `crossEntropy floor ${floor}`,
            () => target.backend.crossEntropy(m(3, 2), m(3, 2), floor),
            ValueError,
            ['crossEntropy', 'floor'],
          );
        }
        const t = m(3, 2);
        assertThrows(
          'crossEntropyGrad into its own logits',
          () => target.backend.crossEntropyGrad(t, m(3, 2), t),
          ValueError,
          ['crossEntropyGrad', 'out'],
        );
      },
    ),
    defineCase('errors', 'zeros and fromHost with bad sizes throw a ValueError', (target) => {
      const { backend, dtype } = target;
      const sizes: readonly (readonly [number, number])[] = [
        [0, 3],
        [3, 0],
        [-1, 2],
        [1.5, 2],
        [2, Number.NaN],
        [Number.POSITIVE_INFINITY, 1],
      ];
      for (const [r, c] of sizes) {
        assertThrows(`zeros(${r}, ${c})`, () => backend.zeros(r, c, dtype), ValueError, ['zeros']);
        assertThrows(
          `fromHost(…, ${r}, ${c})`,
          () => backend.fromHost([1, 2], r, c, dtype),
          ValueError,
        );
      }
    }),
    defineCase(
      'errors',
      'fromHost and write with the wrong data length throw a ValueError',
      (target) => {
        const { backend, dtype } = target;
        assertThrows(
          'fromHost of 5 numbers as 2×3',
          () => backend.fromHost([1, 2, 3, 4, 5], 2, 3, dtype),
          ValueError,
          ['6', '5'],
        );
        const t = backend.zeros(2, 3, dtype);
        assertThrows(
          'write of 7 numbers into 2×3',
          () => backend.write(t, new Float64Array(7)),
          ValueError,
          ['write', '6', '7'],
        );
      },
    ),
    defineCase('errors', 'an unknown dtype throws a DTypeError', (target) => {
      const bad = 'int8' as DType;
      assertThrows('zeros with dtype int8', () => target.backend.zeros(2, 2, bad), DTypeError, [
        'int8',
      ]);
      assertThrows(
        'fromHost with dtype int8',
        () => target.backend.fromHost([1], 1, 1, bad),
        DTypeError,
        ['int8'],
      );
    }),
    defineCase('errors', 'mixing dtypes in one op throws a DTypeError', (target) => {
      const other = otherDType(target);
      if (other === undefined) return; // the backend stores one dtype only: nothing to mix
      const a = target.backend.zeros(2, 3, target.dtype);
      const b = target.backend.zeros(2, 3, other);
      assertThrows(
        `binary add of ${target.dtype} and ${other}`,
        () => target.backend.binary('add', a, b),
        DTypeError,
        [target.dtype, other],
      );
      assertThrows(
        `copy of ${target.dtype} to ${other}`,
        () => target.backend.copy(a, b),
        DTypeError,
      );
    }),
  );
  return cases;
}

import type { Tensor } from '../tensor.js';
import type { Matrix } from './reference.js';
import type { Tolerance } from './tolerance.js';

/**
 * What a conformance case throws when a backend disagrees with the reference or with the
 * Backend contract. Not an MfnetError: it reports a faulty backend, not bad user input.
 */
export class ConformanceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceError';
  }
}

/** Throws a ConformanceError with `message` unless `condition` holds. */
export function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

function fmt(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** True when `got` is within tolerance of `want` (two equal non-finite values also match). */
export function isClose(got: number, want: number, scale: number, tol: Tolerance): boolean {
  if (got === want) return true;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return false;
  return Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(scale);
}

/**
 * Throws unless every element of `got` (row-major) is close to `want`. `scale` (same shape as
 * `want`) bounds the rounding error of each element; by default it is |want|.
 */
export function assertAllClose(
  what: string,
  got: ArrayLike<number>,
  want: Matrix,
  tol: Tolerance,
  scale?: Matrix,
): void {
  const rows = want.length;
  const cols = want[0]?.length ?? 0;
  ensure(
    got.length === rows * cols,
    `${what}: ${got.length} elements, the reference has ${rows}×${cols} = ${rows * cols}`,
  );
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const g = got[i * cols + j]!;
      const w = want[i]![j]!;
      const s = scale === undefined ? w : scale[i]![j]!;
      if (!isClose(g, w, s, tol)) {
        const allowed = tol.atol + tol.rtol * Math.abs(s);
        throw new ConformanceError(
          `${what}: element [${i}, ${j}] is ${fmt(g)}, the reference is ${fmt(w)} ` +
            `(|difference| ${Math.abs(g - w)} > allowed ${allowed})`,
        );
      }
    }
  }
}

/** Throws unless every element of `got` equals `want` exactly (===). */
export function assertAllEqual(
  what: string,
  got: ArrayLike<number>,
  want: ArrayLike<number>,
): void {
  ensure(got.length === want.length, `${what}: ${got.length} elements, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    ensure(
      got[i] === want[i],
      `${what}: element ${i} is ${fmt(got[i]!)}, expected exactly ${fmt(want[i]!)}`,
    );
  }
}

/** Throws unless the scalar `got` is close to `want` (scale defaults to |want|). */
export function assertScalarClose(
  what: string,
  got: number,
  want: number,
  tol: Tolerance,
  scale = want,
): void {
  ensure(typeof got === 'number', `${what}: returned a ${typeof got}, not a number`);
  if (!isClose(got, want, scale, tol)) {
    throw new ConformanceError(
      `${what}: ${fmt(got)}, the reference is ${fmt(want)} ` +
        `(|difference| ${Math.abs(got - want)} > allowed ${tol.atol + tol.rtol * Math.abs(scale)})`,
    );
  }
}

/**
 * Throws unless `fn` throws an instance of `type` whose message contains every string in
 * `mentions` (such as the op's name and the offending shapes).
 */
export function assertThrows(
  what: string,
  fn: () => unknown,
  // biome-ignore lint/suspicious/noExplicitAny: any constructor of an Error subclass
  type: abstract new (...args: any[]) => Error,
  mentions: readonly string[] = [],
): void {
  try {
    fn();
  } catch (error) {
    const got = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    ensure(isA(error, type), `${what}: threw ${got}, expected a ${type.name}`);
    for (const m of mentions) {
      ensure(
        error.message.includes(m),
        `${what}: the message "${error.message}" does not name ${m}`,
      );
    }
    return;
  }
  throw new ConformanceError(`${what}: did not throw, expected a ${type.name}`);
}

/**
 * `error instanceof type`, or an error whose class chain has a class of the same name: a
 * backend built against another copy of @mfnet/tensor (another version, or the CJS build) throws
 * that copy's ShapeError, which is the same error for the purpose of the contract.
 */
// biome-ignore lint/suspicious/noExplicitAny: any constructor of an Error subclass
function isA(error: unknown, type: abstract new (...args: any[]) => Error): error is Error {
  if (error instanceof type) return true;
  if (!(error instanceof Error)) return false;
  for (let p = Object.getPrototypeOf(error); p !== null; p = Object.getPrototypeOf(p)) {
    if (p.constructor?.name === type.name) return true;
  }
  return false;
}

/** Throws unless `t` is a rows×cols tensor of `dtype` owned by `backend`. */
export function assertTensor(
  what: string,
  t: unknown,
  expected: Pick<Tensor, 'backend' | 'dtype' | 'rows' | 'cols'>,
): asserts t is Tensor {
  ensure(
    typeof t === 'object' && t !== null && 'rows' in t && 'cols' in t,
    `${what}: returned ${String(t)}, not a tensor`,
  );
  const x = t as Tensor;
  ensure(
    x.rows === expected.rows && x.cols === expected.cols,
    `${what}: result is [${x.rows}×${x.cols}], expected [${expected.rows}×${expected.cols}]`,
  );
  ensure(
    x.shape[0] === x.rows && x.shape[1] === x.cols,
    `${what}: shape [${String(x.shape)}] disagrees with rows×cols`,
  );
  ensure(
    x.dtype === expected.dtype,
    `${what}: result dtype ${x.dtype}, expected ${expected.dtype}`,
  );
  ensure(x.backend === expected.backend, `${what}: result belongs to another backend`);
}

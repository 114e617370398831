import { checkedBackend } from '../door.js';
import { DTypeError } from '../errors.js';
import { conformanceCases } from './cases.js';
import { defaultTolerance } from './tolerance.js';
import type { ConformanceCase, ConformanceOptions, ConformanceTarget } from './types.js';

/** Runs one case on a fresh backend from `options.makeBackend`; throws where it fails. */
export function runConformanceCase(testCase: ConformanceCase, options: ConformanceOptions): void {
  const makeBackend = () => checkedBackend(options.makeBackend());
  const backend = makeBackend();
  if (!backend.dtypes.includes(options.dtype)) {
    throw new DTypeError(
      `conformance: backend '${options.name}' stores ${backend.dtypes.join(', ')}, not ${options.dtype}`,
    );
  }
  const target: ConformanceTarget = {
    backend,
    makeBackend,
    dtype: options.dtype,
    tol: options.tolerance ?? defaultTolerance(options.dtype),
  };
  testCase.run(target);
}

export interface ConformanceFailure {
  case: ConformanceCase;
  error: unknown;
}

/** Runs every case (or those given) and returns the ones that failed, with their errors. */
export function checkConformance(
  options: ConformanceOptions,
  cases: readonly ConformanceCase[] = conformanceCases(),
): ConformanceFailure[] {
  const failures: ConformanceFailure[] = [];
  for (const c of cases) {
    try {
      runConformanceCase(c, options);
    } catch (error) {
      failures.push({ case: c, error });
    }
  }
  return failures;
}

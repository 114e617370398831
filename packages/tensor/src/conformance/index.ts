/**
 * The backend conformance suite: every Backend operation checked against a plain float64
 * reference, plus the `out`, error and seeding contracts. A backend package runs it with
 *
 *   runConformanceSuite({ name: 'mine', makeBackend: () => new MyBackend(), dtype: 'float32' });
 */

export { conformanceCases } from './cases.js';
export {
  assertAllClose,
  assertAllEqual,
  assertScalarClose,
  assertThrows,
  ConformanceError,
  isClose,
} from './compare.js';
export type { Matrix } from './reference.js';
export * as reference from './reference.js';
export { type ConformanceFailure, checkConformance, runConformanceCase } from './run.js';
export { runConformanceSuite } from './suite.js';
export { defaultTolerance, type Tolerance } from './tolerance.js';
export type { ConformanceCase, ConformanceOptions, ConformanceTarget } from './types.js';

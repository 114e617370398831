import type { Backend } from '../backend.js';
import type { BackendLike } from '../door.js';
import type { DType } from '../dtype.js';
import type { Tolerance } from './tolerance.js';

/** Which backend to check, in which dtype. */
export interface ConformanceOptions {
  /** A label for reports, such as `cpu` or `gpujs`. */
  name: string;
  /**
   * Makes a fresh backend; called once per case (and again where a second instance is needed).
   * It may return raw kernels (BackendKernels): the cases run them behind the door.
   */
  makeBackend: () => BackendLike;
  dtype: DType;
  /** Defaults to `defaultTolerance(dtype)`. */
  tolerance?: Tolerance;
}

/** What a case runs against: always a checked backend (the door in front of the kernels). */
export interface ConformanceTarget {
  backend: Backend;
  makeBackend: () => Backend;
  dtype: DType;
  tol: Tolerance;
}

/**
 * One check of the Backend contract. `run` returns normally when the backend conforms and
 * throws (a ConformanceError, or whatever the backend threw) when it does not.
 */
export interface ConformanceCase {
  /** The family of operations, such as `matmul` or `errors`. */
  readonly group: string;
  /** What is checked; names the operation(s) it calls. */
  readonly name: string;
  run(target: ConformanceTarget): void;
}

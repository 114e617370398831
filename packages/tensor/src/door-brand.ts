import type { Backend } from './backend.js';

/** Marks a CheckedBackend, across copies of this package (ESM and CJS builds in one process). */
export const DOOR = Symbol.for('@mfnet/tensor/checked-backend');

/** Whether `b` is a door (a CheckedBackend, possibly behind a Proxy such as countingBackend's). */
export function isCheckedBackend(b: unknown): b is Backend {
  return typeof b === 'object' && b !== null && (b as { [DOOR]?: unknown })[DOOR] === true;
}

/**
 * What owns a tensor's storage: the raw kernels behind `b` when it is a door, else `b` itself.
 * A door's tensors are its kernels' tensors, so a backend that still checks ownership against
 * itself accepts them.
 */
export function storageOwner(b: object): object {
  return isCheckedBackend(b) ? b.raw : b;
}

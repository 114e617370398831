import { ValueError } from './errors.js';
import type { Tensor } from './tensor.js';

/** A public entry point given something that is not a Tensor (undefined, an array, a number…). */
export class NotATensorError extends ValueError {}

/** How a value shows in a message: `undefined`, `an array`, `a number (3)`, `Map`… */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 40)})`;
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'plain object'}`;
  return `a ${typeof value} (${String(value).slice(0, 40)})`;
}

/**
 * Throws a NotATensorError naming the entry point (`Linear.forward`) and the argument (`x`)
 * unless `value` is a Tensor. Checked by shape rather than by class, so a Tensor from another
 * copy of this package still passes.
 */
export function expectTensor(owner: string, name: string, value: unknown): asserts value is Tensor {
  const t = value as Partial<Tensor> | null;
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.backend === 'object' &&
    t.backend !== null &&
    typeof t.rows === 'number' &&
    typeof t.cols === 'number' &&
    typeof t.dtype === 'string';
  if (!ok) {
    throw new NotATensorError(`${owner}: ${name} must be a Tensor, got ${describe(value)}`);
  }
}

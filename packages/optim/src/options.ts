import { InvalidOptionError } from './errors.js';

/** A finite number > 0 (learning rates, eps, maximum norms). */
export function positive(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(owner, option, value, 'a finite number > 0');
  }
  return value;
}

/** A finite number ≥ 0 (momentum, weight decay). */
export function nonNegative(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError(owner, option, value, 'a finite number ≥ 0');
  }
  return value;
}

/** Adam's (β1, β2), each in [0, 1). */
export function betaPair(owner: string, value: unknown): readonly [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((b) => typeof b === 'number' && b >= 0 && b < 1)
  ) {
    throw new InvalidOptionError(owner, 'betas', value, 'a pair [β1, β2] with each in [0, 1)');
  }
  return [value[0] as number, value[1] as number];
}

/** A boolean flag. */
export function flag(owner: string, option: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidOptionError(owner, option, value, 'true or false');
  }
  return value;
}

/** Throws on an option name the optimizer does not know (a typo such as `weight_decay`). */
export function onlyKnownOptions(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(
        owner,
        key,
        (options as Record<string, unknown>)[key],
        `one of the known options (${known.join(', ')}); '${key}' is not one`,
      );
    }
  }
}

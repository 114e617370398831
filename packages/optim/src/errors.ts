import { ValueError } from '@mfnet/tensor';

/** An optimizer option out of its range: `lr <= 0`, a negative momentum, betas outside [0, 1)… */
export class InvalidOptionError extends ValueError {
  constructor(
    /** Who was given it, e.g. `SGD` or `clipGradNorm`. */
    readonly owner: string,
    /** The option's name, e.g. `lr`. */
    readonly option: string,
    /** The value that was refused. */
    readonly value: unknown,
    /** What is allowed, e.g. `a finite number > 0`. */
    allowed: string,
  ) {
    super(`${owner}: option ${option} must be ${allowed}, got ${formatValue(value)}`);
  }
}

/** An optimizer state that does not fit this optimizer: missing or unexpected names, a bad step. */
export class StateDictError extends ValueError {}

/** A gradient whose norm is NaN or infinite, found while clipping. */
export class NonFiniteGradientError extends ValueError {
  constructor(
    /** Who found it, e.g. `SGD.step` or `clipGradNorm`. */
    readonly owner: string,
    /** The parameter's name. */
    readonly parameter: string,
    /** Its gradient's norm: NaN or Infinity. */
    readonly norm: number,
  ) {
    super(
      `${owner}: the gradient of parameter '${parameter}' has norm ${String(norm)}; the ` +
        'backward pass produced NaN or Infinity (diverged weights or bad inputs). Try a lower ' +
        'learning rate or a smaller maxGradNorm, and check the data for NaN.',
    );
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v)).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

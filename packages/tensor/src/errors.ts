/**
 * Every error mfnet throws on bad input is an `MfnetError`, so a caller can tell mfnet's
 * complaints from bugs with one `instanceof`. Subclasses say what kind of input was wrong.
 */
export class MfnetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Two shapes that an operation cannot combine; the message names the op and both shapes. */
export class ShapeError extends MfnetError {}

/** A value that is not allowed: NaN, Infinity, a negative size, a ragged nested array… */
export class ValueError extends MfnetError {}

/** A dtype that is unknown, or that the backend or the operation does not support. */
export class DTypeError extends MfnetError {}

/** An unknown backend, or tensors of two backends in one operation. */
export class BackendError extends MfnetError {}

/** Formats a shape as `[rows×cols]` for error messages. */
export function formatShape(shape: readonly [number, number]): string {
  return `[${shape[0]}×${shape[1]}]`;
}

import { type MfnetError, type Tensor, ValueError } from '@mfnet/tensor';

/**
 * Checks of a weight tensor's contents, run when weights are given or loaded (never in a
 * training step). They name the bad element in the message.
 */

/** Throws `makeError` unless every element of `t` is finite, naming the first that is not. */
export function checkTensorFinite(
  what: string,
  t: Tensor,
  makeError: (message: string) => MfnetError = (m) => new ValueError(m),
): void {
  const { backend } = t;
  if (Number.isFinite(backend.min(t)) && Number.isFinite(backend.max(t))) return;
  const data = t.toTypedArray();
  const index = data.findIndex((v) => !Number.isFinite(v));
  throw makeError(
    `${what}: element [${Math.floor(index / t.cols)}, ${index % t.cols}] is ${String(
      data[index],
    )}; weights must be finite numbers`,
  );
}

/**
 * Throws unless row 0 of `t` is exactly [1, 0 … 0], the fixed row of an augmented weight that
 * carries the bias feature forward (Eq. 3.2).
 */
export function checkFixedRow0(
  what: string,
  t: Tensor,
  makeError: (message: string) => MfnetError = (m) => new ValueError(m),
): void {
  // One row, read once when a weight is set or loaded: validation, not math.
  const data = t.backend.sliceRows(t, 0, 1).toTypedArray();
  const index = data.findIndex((v, j) => v !== (j === 0 ? 1 : 0));
  if (index === -1) return;
  throw makeError(
    `${what}: row 0 must be exactly [1, 0 … 0] (Eq. 3.2, it carries the bias row forward), ` +
      `but element [0, ${index}] is ${String(data[index])}`,
  );
}

import { ValueError } from '@mfnet/tensor';

/**
 * The loss came out NaN or ±Infinity. Training cannot recover from that silently: the
 * gradient would be NaN too and would poison every weight at the next optimizer step.
 */
export class NonFiniteLossError extends ValueError {
  constructor(
    /** The loss that produced it, e.g. `CELoss`. */
    readonly loss: string,
    /** The value it produced: NaN, Infinity or -Infinity. */
    readonly value: number,
    /** The step the forward call was made at (the loss's `step` counter). */
    readonly step: number,
  ) {
    super(
      `${loss}.forward: the loss is ${String(value)} at step ${step}. ` +
        'The weights or the inputs have diverged or hold NaN/Infinity; try a lower learning ' +
        'rate, clip the gradients (SGD maxGradNorm or clipGradNorm), or check the data.',
    );
  }
}

/** Cross-entropy targets that are not a probability distribution per column. */
export class TargetError extends ValueError {}

import { ValueError } from '@mfnet/tensor';
import type { TrainingDivergedError } from '@mfnet/train';

/** Training stopped because the loss or a gradient became NaN or infinite. */
export class DivergedError extends ValueError {}

/** A tenth of `lr`, written short (0.01, not 0.010000000000000002). */
export function lowerLr(lr: number): number {
  return Number((lr / 10).toPrecision(3));
}

/**
 * `fit`'s NaN/∞ error in the command line's words: it names the epoch and the batch, and gives
 * advice the command line can follow — resume from the last checkpoint (written after epoch
 * `epoch − 1`) with a lower `--lr`, or start again with one when there is no checkpoint yet.
 */
export function divergedError(error: TrainingDivergedError, checkpoint?: string): DivergedError {
  const lr = lowerLr(error.lr);
  const advice =
    error.epoch > 1 && checkpoint !== undefined
      ? `The checkpoint ${checkpoint} holds the weights after epoch ${error.epoch - 1}: continue ` +
        `from it with a lower learning rate, e.g. --resume --lr ${lr} (or add --max-grad-norm)`
      : `Start again with a lower learning rate, e.g. --lr ${lr}, or clip the gradients with --max-grad-norm`;
  const batches = error.history.state.batchesPerEpoch;
  return new DivergedError(
    `training diverged in epoch ${error.epoch}, batch ${error.batch} of ${batches} ` +
      `(lr ${error.lr}): ${error.detail}. ${advice}.`,
  );
}

/** A divergence warning of `divergenceWarnings` with the options that act on it. */
export function warningForCli(warning: string, lr: number): string {
  return `${warning} (e.g. --lr ${lowerLr(lr)}, or --max-grad-norm)`;
}

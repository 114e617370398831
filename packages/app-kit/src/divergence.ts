import { NonFiniteLossError } from '@mfnet/losses';
import { NonFiniteGradientError } from '@mfnet/optim';
import { ValueError } from '@mfnet/tensor';
import type { EpochRecord } from './reporter.js';

/** An epoch whose training loss is this many times the first batch's has diverged. */
export const DIVERGENCE_FACTOR = 100;
/** An accuracy below this many times chance after an epoch is no better than guessing. */
export const CHANCE_MARGIN = 1.5;

/** A metric's value for a model that guesses, e.g. accuracy 0.1 for ten classes. */
export interface ChanceLevel {
  metric: string;
  value: number;
}

/** Training stopped because the loss or a gradient became NaN or infinite. */
export class DivergedError extends ValueError {}

/** A tenth of `lr`, written short (0.01, not 0.010000000000000002). */
export function lowerLr(lr: number): number {
  return Number((lr / 10).toPrecision(3));
}

/**
 * The error a run stops with when the loss or a gradient is NaN or infinite in epoch `epoch`
 * (counted from 1): it names the epoch and the batch, and gives advice the command line can
 * follow — resume from the last checkpoint (written after epoch `epoch − 1`) with a lower
 * `--lr`, or start again with one when there is no checkpoint yet.
 */
export function divergedError(
  error: NonFiniteLossError | NonFiniteGradientError,
  at: { epoch: number; batch: number; batches: number; lr: number; checkpoint?: string },
): DivergedError {
  const what =
    error instanceof NonFiniteLossError
      ? `the loss is ${String(error.value)}`
      : `the gradient of '${error.parameter}' has norm ${String(error.norm)}`;
  const lr = lowerLr(at.lr);
  const advice =
    at.epoch > 1 && at.checkpoint !== undefined
      ? `The checkpoint ${at.checkpoint} holds the weights after epoch ${at.epoch - 1}: continue ` +
        `from it with a lower learning rate, e.g. --resume --lr ${lr} (or add --max-grad-norm)`
      : `Start again with a lower learning rate, e.g. --lr ${lr}, or clip the gradients with --max-grad-norm`;
  return new DivergedError(
    `training diverged in epoch ${at.epoch}, batch ${at.batch} of ${at.batches} (lr ${at.lr}): ` +
      `${what}. ${advice}.`,
  );
}

/** True for the errors a diverging run throws from the loss or the optimizer. */
export function isNonFinite(error: unknown): error is NonFiniteLossError | NonFiniteGradientError {
  return error instanceof NonFiniteLossError || error instanceof NonFiniteGradientError;
}

/**
 * A warning for an epoch that diverged while its numbers stayed finite: a training loss more
 * than DIVERGENCE_FACTOR times the run's first batch loss, or a chance-level metric (accuracy of
 * a guess) after the epoch. Undefined when the epoch looks sound.
 */
export function divergenceWarning(
  record: EpochRecord,
  startLoss: number,
  lr: number,
  chance?: ChanceLevel,
): string | undefined {
  const advice = `start again with a lower learning rate (e.g. --lr ${lowerLr(lr)}) or with --max-grad-norm`;
  if (record.trainLoss > DIVERGENCE_FACTOR * startLoss) {
    return (
      `epoch ${record.epoch}: the training loss ${record.trainLoss.toPrecision(3)} is over ` +
      `${DIVERGENCE_FACTOR} times the loss at the start (${startLoss.toPrecision(3)}): training ` +
      `has diverged; ${advice}`
    );
  }
  const value = chance === undefined ? undefined : record[chance.metric];
  if (chance !== undefined && typeof value === 'number' && value < CHANCE_MARGIN * chance.value) {
    return (
      `epoch ${record.epoch}: ${chance.metric} ${value.toPrecision(3)} is at chance level ` +
      `(${chance.value.toPrecision(3)} for a guess): the network has not learned; ${advice}`
    );
  }
  return undefined;
}

import { ValueError } from '@mfnet/tensor';
import type { History } from './history.js';

/**
 * Training stopped because the loss or a gradient became NaN or infinite. It names where: the
 * epoch and the batch within it (both counted from 1) and the global optimizer step (from 0), and
 * carries the history up to the last sound step, from which `fit` can resume (e.g. after
 * lowering the learning rate): the failed step changed no weight.
 */
export class TrainingDivergedError extends ValueError {
  constructor(
    message: string,
    /** The epoch, counted from 1. */
    readonly epoch: number,
    /** The batch within the epoch, counted from 1. */
    readonly batch: number,
    /** The optimizer step that failed, counted from 0 over the whole run. */
    readonly step: number,
    /** What was not finite: the training loss, a gradient, or the validation loss. */
    readonly quantity: 'loss' | 'gradient' | 'validation loss',
    /** The value found: NaN, Infinity or -Infinity (a gradient's norm for a gradient). */
    readonly value: number,
    /** The learning rate of the failed step. */
    readonly lr: number,
    /** Training so far: pass it to `fit` as `resume`. */
    readonly history: History,
    /**
     * What was not finite, in words: `the loss is NaN`, `the gradient of 'layers.0.weight' has
     * norm Infinity` (for a program that words its own message, e.g. a command line's advice).
     */
    readonly detail = `the ${quantity} is ${String(value)}`,
  ) {
    super(message);
  }
}

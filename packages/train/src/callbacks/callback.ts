import type { NeuralNetwork } from '@mfnet/layers';
import type { Loss } from '@mfnet/losses';
import type { Optimizer } from '@mfnet/optim';
import type { History, TrainingState } from '../history.js';
import type { EpochRecord } from '../record.js';

/** What callbacks see of a running `fit`. */
export interface FitContext {
  readonly net: NeuralNetwork;
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  /** The epoch the run ends after (counted from 1, resumed epochs included). */
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  /** Training samples per epoch. */
  readonly samplesPerEpoch: number;
  /** One record per finished epoch so far. */
  readonly records: readonly EpochRecord[];
  /**
   * Stops the run after the current batch or epoch hook; `fit` returns a history with reason
   * `stopped` and this message.
   */
  stop(message: string): void;
  /** The resumable state as of now (between two steps): what a checkpoint stores. */
  state(): TrainingState;
}

/** One optimizer step, as `onBatchEnd` sees it. */
export interface BatchEnd {
  /** The epoch, counted from 1. */
  epoch: number;
  /** The batch within the epoch, counted from 1. */
  batch: number;
  /** The optimizer step, counted from 0 over the whole run. */
  step: number;
  /** The batch's loss. */
  loss: number;
  /** Samples done in this epoch, this batch included. */
  samples: number;
  /** The epoch's mean batch loss so far (weighted by batch size). */
  runningLoss: number;
  /** The sample indices (rows of the training data) of this batch. */
  indices: Uint32Array;
}

/**
 * A hook into `fit`. Every method is optional and may return a promise (awaited). Order at the
 * end of an epoch: the epoch's record is made (validation done), every callback's `onEpochEnd`
 * runs (a schedule sets the next learning rate, early stopping decides), then every callback's
 * `afterEpoch` (the state is final for the epoch: checkpoints and logs write it).
 *
 * A callback with state that a resumed run needs (a schedule's position, early stopping's best
 * loss) gives it with `saveState` (plain JSON) and takes it back with `loadState`; `fit` keeps it
 * in the history's state under the callback's key (`${index}:${name}`), so a resume needs the
 * same callbacks in the same order.
 */
export interface Callback {
  /** A short name, e.g. `earlyStopping`: part of the callback's key in the training state. */
  readonly name: string;
  onTrainBegin?(ctx: FitContext): void | Promise<void>;
  /** `epoch` counted from 1; not called again for an epoch resumed in its middle. */
  onEpochBegin?(epoch: number, ctx: FitContext): void | Promise<void>;
  onBatchEnd?(event: BatchEnd, ctx: FitContext): void | Promise<void>;
  onEpochEnd?(record: EpochRecord, ctx: FitContext): void | Promise<void>;
  afterEpoch?(record: EpochRecord, ctx: FitContext): void | Promise<void>;
  /** With the history `fit` returns (whatever the reason, an abort too; not on an error). */
  onTrainEnd?(history: History, ctx: FitContext): void | Promise<void>;
  saveState?(): unknown;
  loadState?(state: unknown): void;
}

/** The key of the callback at `index` in the training state. */
export function callbackKey(callback: Callback, index: number): string {
  return `${index}:${callback.name}`;
}

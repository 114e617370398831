import type { Optimizer } from '@mfnet/optim';
import type { EpochRecord } from './record.js';

/**
 * Everything, besides the weights and the optimizer's tensors, that a run needs to go on exactly
 * where it stopped: a resumed run makes the same steps, bit for bit, as one that never stopped.
 *
 * - The data order: epoch e visits the batches of `DataLoader.batches(e)`, a permutation drawn
 *   from `seed` and e alone (no generator state is carried from epoch to epoch), so `epoch`,
 *   `batch` and `seed` fix every batch still to come. Nothing else in the loop draws random
 *   numbers.
 * - The epoch in progress: its partial loss sum, sample count and time.
 * - The optimizer's step count and learning rate (its tensors live in the optimizer itself, or in
 *   a checkpoint file).
 * - Each callback's own state (schedules, early stopping, …), by callback key.
 *
 * Plain JSON: a checkpoint stores it as it is.
 */
export interface TrainingState {
  /** The epoch in progress or next to run, counted from 0. */
  epoch: number;
  /** Batches of that epoch already done. */
  batch: number;
  /** Optimizer steps done over the whole run. */
  step: number;
  /** The seed of the data order (the training DataLoader's `seed`). */
  seed: number;
  /** Batches per epoch, checked on resume (another batch size or dataset would not resume). */
  batchesPerEpoch: number;
  /** The sum of batch loss × batch size over the epoch's done batches. */
  epochLossSum: number;
  /** Samples in the epoch's done batches. */
  epochSamples: number;
  /** Seconds spent so far in the epoch in progress. */
  epochSeconds: number;
  /** The optimizer's learning rate now. */
  lr: number;
  /** One record per finished epoch. */
  records: EpochRecord[];
  /** Each callback's `saveState()`, under its key (`${index}:${name}`). */
  callbacks: Record<string, unknown>;
}

/** Why `fit` returned. */
export type StopReason = 'completed' | 'aborted' | 'stopped';

/** What `fit` returns, and what it resumes from (`fit(net, { …, resume: history })`). */
export interface History {
  /** One record per finished epoch. */
  records: EpochRecord[];
  /** `completed` (all epochs ran), `aborted` (the AbortSignal), `stopped` (a callback, e.g. early stopping). */
  reason: StopReason;
  /** A callback's words for a `stopped` run. */
  message?: string;
  /** The state to resume from. */
  state: TrainingState;
  /** The optimizer the run used (made by `fit` when the options named one). */
  optimizer: Optimizer;
}

/** What `fit` can resume from: a History, or a state and optimizer read from a checkpoint. */
export interface ResumePoint {
  state: TrainingState;
  /** The optimizer holding the run's state; without it, the `optimizer` option's. */
  optimizer?: Optimizer;
}

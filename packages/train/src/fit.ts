import type { DataLoader } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import { type Loss, NonFiniteLossError } from '@mfnet/losses';
import { clipGradNorm, NonFiniteGradientError, Optimizer } from '@mfnet/optim';
import { type Tensor, ValueError } from '@mfnet/tensor';
import { type Callback, callbackKey, type FitContext } from './callbacks/callback.js';
import { type Dataset, loaderFor, type Samples, splitValidation } from './data.js';
import { TrainingDivergedError } from './errors.js';
import { evaluationPass, type Metrics } from './evaluate.js';
import type { History, ResumePoint, StopReason, TrainingState } from './history.js';
import type { Metric } from './metrics/metric.js';
import { createOptimizer, type OptimizerChoice } from './optimizer-spec.js';
import { batchSizeOf } from './predict.js';
import type { EpochRecord } from './record.js';
import { Yielder } from './yield.js';

export interface FitOptions {
  /** Training data: a DataLoader, or sample-major `{ x, y }` (batched by `batchSize`, `shuffle`, `seed`). */
  data: Dataset;
  loss: Loss;
  /** An optimizer over `net`'s parameters, or its name (and options) for `fit` to make one. */
  optimizer: OptimizerChoice;
  /** The epoch to end after, counted from 1 (a resumed run counts its earlier epochs). */
  epochs: number;
  /** Samples per batch for sample-major data (default 32). */
  batchSize?: number;
  /** Shuffle sample-major data every epoch (default true). */
  shuffle?: boolean;
  /** Seed of the data order for sample-major data; default one drawn from the global RNG. */
  seed?: number;
  /**
   * Measured after every epoch: data (a DataLoader or `{ x, y }`), or a fraction of sample-major
   * training data (its last samples, before shuffling) set aside.
   */
  validation?: Dataset | number;
  /** Metrics of the validation data after every epoch, recorded under their names. */
  metrics?: Readonly<Record<string, Metric<number>>>;
  callbacks?: readonly Callback[];
  /** Stops the run between two steps; `fit` then returns a history it can resume from. */
  signal?: AbortSignal;
  /** Clip the global gradient norm to this before each step (`clipGradNorm`). */
  clipGradNorm?: number;
  /**
   * The longest stretch of training, in milliseconds, before `fit` gives the event loop a turn
   * (default 10): a page stays responsive, a signal is seen, Node can be interrupted.
   */
  yieldEveryMs?: number;
  /** A history (or a checkpoint's resume point) to go on from. */
  resume?: History | ResumePoint;
  /**
   * The learning rate to go on with, instead of the resumed run's (e.g. a lower one after a
   * `TrainingDivergedError`); a schedule among the callbacks still sets its own.
   */
  lr?: number;
}

/**
 * Trains `net` (Sec. 2 and 5): for each batch, forward, loss, backward, optimizer step; after
 * each epoch, validation, metrics and the callbacks. Async: between steps it yields to the event
 * loop (see `yieldEveryMs`).
 *
 * Stopped by `signal`, it returns (reason `aborted`) between two steps, and `fit(net, { …,
 * resume: history })` goes on to the same weights, bit for bit, as a run that never stopped (see
 * `TrainingState`). A NaN or infinite loss or gradient throws a `TrainingDivergedError` naming
 * the epoch, batch and step, holding the history up to the last sound step.
 *
 * @example
 * const history = await fit(net, {
 *   data: { x, y }, loss: new MSELoss(), optimizer: { name: 'adam', lr: 0.01 }, epochs: 20,
 *   validation: 0.2, metrics: { rmse: rmse() },
 * });
 */
export async function fit(net: NeuralNetwork, options: FitOptions): Promise<History> {
  const run = new FitRun(net, options);
  return run.run();
}

class FitRun implements FitContext {
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  readonly epochs: number;
  private readonly loader: DataLoader;
  private readonly validation: DataLoader | undefined;
  private readonly metrics: Metrics;
  private readonly callbacks: readonly Callback[];
  private readonly current: TrainingState;
  private stopMessage: string | undefined;

  constructor(
    readonly net: NeuralNetwork,
    private readonly options: FitOptions,
  ) {
    const op = 'fit';
    if (options === null || typeof options !== 'object') {
      throw new ValueError(`${op}: options { data, loss, optimizer, epochs } are required`);
    }
    if (!Number.isInteger(options.epochs) || options.epochs < 1) {
      throw new ValueError(
        `${op}: epochs must be a positive integer, got ${String(options.epochs)}`,
      );
    }
    if (typeof options.loss?.forward !== 'function') {
      throw new ValueError(
        `${op}: loss must be a Loss (MSELoss, CELoss, …), got ${String(options.loss)}`,
      );
    }
    this.epochs = options.epochs;
    this.loss = options.loss;
    const resume = options.resume;
    // A resumed run goes on with the optimizer that holds the run's state, unless given one.
    this.optimizer =
      options.optimizer instanceof Optimizer || resume?.optimizer === undefined
        ? createOptimizer(net, options.optimizer)
        : resume.optimizer;
    const batchSize = batchSizeOf(op, options.batchSize, 32);
    let train = options.data;
    let validation = typeof options.validation === 'number' ? undefined : options.validation;
    if (typeof options.validation === 'number') {
      if (!isSamples(train)) {
        throw new ValueError(
          `${op}: a validation fraction needs sample-major data { x, y }, not a DataLoader`,
        );
      }
      const split = splitValidation(op, train, options.validation);
      train = split.train;
      validation = split.validation;
    }
    const seed = resume?.state.seed ?? options.seed;
    this.loader = loaderFor(op, net, train, {
      batchSize,
      shuffle: options.shuffle ?? true,
      ...(seed === undefined ? {} : { seed }),
    });
    this.validation =
      validation === undefined
        ? undefined
        : loaderFor(op, net, validation, { batchSize: Math.max(batchSize, 1024), shuffle: false });
    this.metrics = options.metrics ?? {};
    this.callbacks = options.callbacks ?? [];
    this.current = resume === undefined ? this.freshState() : this.resumedState(resume.state);
    if (resume === undefined && options.lr !== undefined) this.optimizer.lr = options.lr;
  }

  get batchesPerEpoch(): number {
    return this.loader.length;
  }

  get samplesPerEpoch(): number {
    return this.loader.samples;
  }

  get records(): readonly EpochRecord[] {
    return this.current.records;
  }

  stop(message: string): void {
    this.stopMessage = message;
  }

  state(): TrainingState {
    const callbacks: Record<string, unknown> = {};
    this.callbacks.forEach((cb, i) => {
      if (cb.saveState !== undefined) callbacks[callbackKey(cb, i)] = cb.saveState();
    });
    return {
      ...this.current,
      lr: this.optimizer.lr,
      step: this.optimizer.stepCount,
      records: this.current.records.map((r) => ({ ...r })),
      callbacks,
    };
  }

  async run(): Promise<History> {
    try {
      const yielder = new Yielder(this.options.yieldEveryMs ?? 10);
      for (const cb of this.callbacks) await cb.onTrainBegin?.(this);
      const reason = await this.runEpochs(yielder);
      const history = this.history(reason);
      for (const cb of this.callbacks) await cb.onTrainEnd?.(history, this);
      return history;
    } finally {
      // The loaders fit made let go of their batch tensors; a caller's DataLoader keeps its own.
      if (this.loader !== this.options.data) this.loader.dispose();
      if (this.validation !== undefined && this.validation !== this.options.validation) {
        this.validation.dispose();
      }
    }
  }

  /** Epochs until the last, an abort or a callback's stop; the state is kept up to date. */
  private async runEpochs(yielder: Yielder): Promise<StopReason> {
    const s = this.current;
    while (s.epoch < this.epochs) {
      if (s.batch === 0) {
        for (const cb of this.callbacks) await cb.onEpochBegin?.(s.epoch + 1, this);
      }
      const lr = this.optimizer.lr;
      let started = performance.now();
      for (const batch of this.loader.batches(s.epoch)) {
        if (batch.index < s.batch) continue; // done before the run was resumed
        if (this.options.signal?.aborted) {
          s.epochSeconds += (performance.now() - started) / 1000;
          return 'aborted';
        }
        const value = this.step(batch.x, batch.y);
        s.batch++;
        s.epochLossSum += value * batch.x.cols;
        s.epochSamples += batch.x.cols;
        const event = {
          epoch: s.epoch + 1,
          batch: s.batch,
          step: this.optimizer.stepCount - 1,
          loss: value,
          samples: s.epochSamples,
          runningLoss: s.epochLossSum / s.epochSamples,
          indices: batch.indices,
        };
        for (const cb of this.callbacks) await cb.onBatchEnd?.(event, this);
        if (this.stopMessage !== undefined) {
          s.epochSeconds += (performance.now() - started) / 1000;
          return 'stopped';
        }
        const before = performance.now();
        await yielder.maybeYield();
        started += performance.now() - before; // time given to others is not the epoch's
      }
      s.epochSeconds += (performance.now() - started) / 1000;
      await this.endEpoch(lr, yielder);
      if (this.stopMessage !== undefined) return 'stopped';
    }
    return 'completed';
  }

  /** One optimizer step on a batch; a NaN or ∞ is a TrainingDivergedError naming where. */
  private step(x: Tensor, y: Tensor): number {
    const { net, loss, optimizer } = this;
    try {
      net.zeroGrad();
      loss.step = optimizer.stepCount;
      const value = loss.forward(net.forward(x), y);
      net.backward(loss.grad(), { inputGradient: false });
      if (this.options.clipGradNorm !== undefined) {
        clipGradNorm(optimizer.parameters, this.options.clipGradNorm);
      }
      optimizer.step();
      return value;
    } catch (error) {
      if (error instanceof NonFiniteLossError) throw this.diverged('loss', error.value);
      if (error instanceof NonFiniteGradientError) {
        throw this.diverged(
          'gradient',
          error.norm,
          `the gradient of '${error.parameter}' has norm`,
        );
      }
      throw error;
    }
  }

  private async endEpoch(lr: number, yielder: Yielder): Promise<void> {
    const s = this.current;
    const started = performance.now();
    const record: EpochRecord = {
      epoch: s.epoch + 1,
      trainLoss: s.epochLossSum / s.epochSamples,
      seconds: 0,
      lr,
    };
    if (this.validation !== undefined) {
      try {
        const pass = evaluationPass(this.net, this.validation, this.metrics, this.loss);
        let step = pass.next();
        for (; !step.done; step = pass.next()) await yielder.maybeYield();
        Object.assign(record, { valLoss: step.value.loss, ...step.value });
        delete record.loss;
      } catch (error) {
        if (error instanceof NonFiniteLossError)
          throw this.diverged('validation loss', error.value);
        throw error;
      }
    }
    record.seconds = s.epochSeconds + (performance.now() - started) / 1000;
    s.records.push(record);
    s.batch = 0;
    s.epochLossSum = 0;
    s.epochSamples = 0;
    s.epochSeconds = 0;
    s.epoch++;
    for (const cb of this.callbacks) await cb.onEpochEnd?.(record, this);
    // The state is final for the epoch (afterEpoch may save it).
    for (const cb of this.callbacks) await cb.afterEpoch?.(record, this);
  }

  private diverged(
    quantity: TrainingDivergedError['quantity'],
    value: number,
    what = `the ${quantity} is`,
  ): TrainingDivergedError {
    const s = this.current;
    const batch = quantity === 'validation loss' ? this.loader.length : s.batch + 1;
    const step = this.optimizer.stepCount;
    const where =
      quantity === 'validation loss'
        ? `after epoch ${s.epoch + 1}`
        : `in epoch ${s.epoch + 1}, batch ${batch} of ${this.loader.length} (step ${step})`;
    return new TrainingDivergedError(
      `fit: training diverged ${where}, lr ${this.optimizer.lr}: ${what} ${String(value)}. ` +
        'The error holds the history up to the last sound step: resume from it with a lower ' +
        'learning rate, or clip the gradients (clipGradNorm).',
      s.epoch + 1,
      batch,
      step,
      quantity,
      value,
      this.optimizer.lr,
      this.history('stopped'),
      `${what} ${String(value)}`,
    );
  }

  private history(reason: StopReason): History {
    return {
      records: this.current.records.map((r) => ({ ...r })),
      reason,
      ...(this.stopMessage === undefined ? {} : { message: this.stopMessage }),
      state: this.state(),
      optimizer: this.optimizer,
    };
  }

  private freshState(): TrainingState {
    return {
      epoch: 0,
      batch: 0,
      step: this.optimizer.stepCount,
      seed: this.loader.seed,
      batchesPerEpoch: this.loader.length,
      epochLossSum: 0,
      epochSamples: 0,
      epochSeconds: 0,
      lr: this.optimizer.lr,
      records: [],
      callbacks: {},
    };
  }

  /** The state to go on from, checked against this run's data and optimizer. */
  private resumedState(saved: TrainingState): TrainingState {
    const op = 'fit: resume';
    if (saved.batchesPerEpoch !== this.loader.length || saved.seed !== this.loader.seed) {
      throw new ValueError(
        `${op}: the run had ${saved.batchesPerEpoch} batches per epoch in the order of seed ` +
          `${saved.seed}; this one has ${this.loader.length} with seed ${this.loader.seed}. ` +
          'Resume with the same data, batch size and DataLoader seed',
      );
    }
    if (saved.step !== this.optimizer.stepCount) {
      throw new ValueError(
        `${op}: the run stopped after optimizer step ${saved.step} but this optimizer has made ` +
          `${this.optimizer.stepCount}: pass the history's optimizer (or none by name), or one ` +
          'restored from the run’s checkpoint',
      );
    }
    this.optimizer.lr = this.options.lr ?? saved.lr;
    this.callbacks.forEach((cb, i) => {
      const key = callbackKey(cb, i);
      if (key in saved.callbacks) cb.loadState?.(saved.callbacks[key]);
    });
    return { ...saved, records: saved.records.map((r) => ({ ...r })), callbacks: {} };
  }
}

function isSamples(data: Dataset): data is Samples {
  return data !== null && typeof data === 'object' && 'x' in data && 'y' in data;
}

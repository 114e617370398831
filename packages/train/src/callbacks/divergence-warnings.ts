import type { Callback } from './callback.js';

/** An epoch whose training loss is this many times the run's first batch loss has diverged. */
export const DIVERGENCE_FACTOR = 100;
/** A metric below this many times its chance level after an epoch is no better than guessing. */
export const CHANCE_MARGIN = 1.5;

export interface DivergenceWarningOptions {
  /** A metric's value for a model that guesses (accuracy 1/classes): an epoch near it is warned of. */
  chance?: { metric: string; value: number };
  /** Called with each warning (it names its epoch). */
  onWarning: (warning: string) => void;
}

/**
 * Warnings for epochs that diverged while every number stayed finite (a NaN or ∞ is an error,
 * see `TrainingDivergedError`): a training loss over DIVERGENCE_FACTOR times the run's first
 * batch loss, or a metric at chance level (under CHANCE_MARGIN times it). The first loss is part
 * of the resumable state.
 */
export function divergenceWarnings(options: DivergenceWarningOptions): Callback & {
  /** The run's first batch loss (undefined before the first step). */
  readonly startLoss: number | undefined;
} {
  let startLoss: number | undefined;
  return {
    name: 'divergenceWarnings',
    get startLoss() {
      return startLoss;
    },
    onBatchEnd(event) {
      startLoss ??= event.loss;
    },
    onEpochEnd(record) {
      const start = startLoss ?? record.trainLoss;
      if (record.trainLoss > DIVERGENCE_FACTOR * start) {
        options.onWarning(
          `epoch ${record.epoch}: the training loss ${record.trainLoss.toPrecision(3)} is over ` +
            `${DIVERGENCE_FACTOR} times the loss at the start (${start.toPrecision(3)}): training ` +
            'has diverged; start again with a lower learning rate or clip the gradients',
        );
        return;
      }
      const chance = options.chance;
      const value = chance === undefined ? undefined : record[chance.metric];
      if (
        chance !== undefined &&
        typeof value === 'number' &&
        value < CHANCE_MARGIN * chance.value
      ) {
        options.onWarning(
          `epoch ${record.epoch}: ${chance.metric} ${value.toPrecision(3)} is at chance level ` +
            `(${chance.value.toPrecision(3)} for a guess): the network has not learned; start ` +
            'again with a lower learning rate or clip the gradients',
        );
      }
    },
    saveState: () => ({ startLoss: startLoss ?? null }),
    loadState(state) {
      startLoss = (state as { startLoss: number | null }).startLoss ?? undefined;
    },
  };
}

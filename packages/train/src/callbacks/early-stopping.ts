import type { StateDict } from '@mfnet/layers';
import { type Tensor, ValueError } from '@mfnet/tensor';
import type { Callback, FitContext } from './callback.js';
import { type MonitorMode, monitored, numberOption, wholeOption } from './monitor.js';

export interface EarlyStoppingOptions {
  /** The record field to watch (default `valLoss`). */
  monitor?: string;
  /** Default `min` (`max` for an accuracy). */
  mode?: MonitorMode;
  /** Epochs without improvement after which training stops (default 0: at the first, as 1). */
  patience?: number;
  /** The least change that counts as an improvement (default 0). */
  minDelta?: number;
  /** When the run ends (stopped or not, but not aborted), put back the best epoch's weights. */
  restoreBestWeights?: boolean;
}

/** The state a resumed run needs: the best value, its epoch and weights, the epochs waited. */
interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  wait: number;
  bestWeights: Record<string, { rows: number; cols: number; values: number[] }> | null;
}

/**
 * Stops training when the monitored number has not improved by more than `minDelta` for
 * `patience` epochs in a row (Keras's `EarlyStopping`). With `restoreBestWeights` the network
 * ends with the weights of its best epoch.
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback & {
  /** The best epoch so far (counted from 1; 0 before the first). */
  readonly bestEpoch: number;
} {
  const op = 'earlyStopping';
  const monitor = options.monitor ?? 'valLoss';
  const mode = options.mode ?? 'min';
  if (mode !== 'min' && mode !== 'max') {
    throw new ValueError(`${op}: mode must be 'min' or 'max', got ${String(mode)}`);
  }
  const patience = wholeOption(op, 'patience', options.patience ?? 0);
  const minDelta = numberOption(
    op,
    'minDelta',
    options.minDelta ?? 0,
    (v) => v >= 0,
    'a number ≥ 0',
  );
  const sign = mode === 'min' ? 1 : -1;
  let best: number | undefined;
  let bestEpoch = 0;
  let wait = 0;
  // The best epoch's weights, on the host (they outlive the network's own tensors' updates).
  let bestWeights: Map<string, HostWeights> | undefined;

  return {
    name: 'earlyStopping',
    get bestEpoch() {
      return bestEpoch;
    },
    onEpochEnd(record, ctx) {
      const value = monitored(op, record, monitor);
      if (best === undefined || sign * (best - value) > minDelta) {
        best = value;
        bestEpoch = record.epoch;
        wait = 0;
        if (options.restoreBestWeights) bestWeights = hostWeights(ctx.net.stateDict());
        return;
      }
      wait++;
      // As Keras: `patience` epochs without improvement, at least one, and the run stops.
      if (wait >= Math.max(patience, 1)) {
        ctx.stop(
          `early stopping after epoch ${record.epoch}: ${monitor} has not improved on ` +
            `${best} (epoch ${bestEpoch}) for ${wait} epoch${wait === 1 ? '' : 's'}`,
        );
      }
    },
    onTrainEnd(history, ctx: FitContext) {
      if (history.reason === 'aborted' || bestWeights === undefined) return;
      const like = ctx.net.parameters()[0]!.value;
      const dict = new Map<string, Tensor>();
      for (const [name, w] of bestWeights) {
        dict.set(name, like.backend.fromHost(w.values, w.rows, w.cols, like.dtype));
      }
      ctx.net.loadStateDict(dict);
    },
    saveState(): EarlyStoppingState {
      return {
        best: best ?? null,
        bestEpoch,
        wait,
        bestWeights:
          bestWeights === undefined
            ? null
            : Object.fromEntries(
                [...bestWeights].map(([name, w]) => [
                  name,
                  { rows: w.rows, cols: w.cols, values: Array.from(w.values) },
                ]),
              ),
      };
    },
    loadState(state) {
      const s = state as EarlyStoppingState;
      best = s.best ?? undefined;
      bestEpoch = s.bestEpoch;
      wait = s.wait;
      bestWeights =
        s.bestWeights === null
          ? undefined
          : new Map(
              Object.entries(s.bestWeights).map(([name, w]) => [
                name,
                { rows: w.rows, cols: w.cols, values: Float64Array.from(w.values) },
              ]),
            );
    },
  };
}

/** A weight tensor's values on the host. */
interface HostWeights {
  rows: number;
  cols: number;
  values: Float64Array;
}

function hostWeights(dict: StateDict): Map<string, HostWeights> {
  const out = new Map<string, HostWeights>();
  for (const [name, t] of dict) {
    out.set(name, { rows: t.rows, cols: t.cols, values: Float64Array.from(t.toTypedArray()) });
    t.dispose();
  }
  return out;
}

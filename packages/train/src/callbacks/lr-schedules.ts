import { ValueError } from '@mfnet/tensor';
import type { Callback, FitContext } from './callback.js';
import { type MonitorMode, monitored, numberOption, wholeOption } from './monitor.js';

/**
 * Learning-rate schedules, stepped once after every epoch as PyTorch's `scheduler.step()` after
 * each epoch: the epoch e (from 0) trains with the rate after e steps. Each computes its rates as
 * PyTorch 1.13's `torch.optim.lr_scheduler` does (the same recursive formulas, so the same
 * floating-point values): `StepLR`, `ExponentialLR`, `CosineAnnealingLR`, `ReduceLROnPlateau`.
 *
 * The schedule keeps its own rate (PyTorch's `group['lr']`) and gives it to the optimizer,
 * 0 included (cosine annealing to `etaMin` 0).
 */
export interface LrSchedule extends Callback {
  /** The rate the schedule has set (PyTorch's `group['lr']`); undefined before training. */
  readonly lr: number | undefined;
}

/** A schedule from `next(lr, epoch, base)`: the rate after `epoch` steps given the one before. */
function epochSchedule(
  name: string,
  next: (lr: number, epoch: number, base: number, ctx: FitContext) => number,
): LrSchedule {
  let base: number | undefined;
  let lr: number | undefined;
  let epoch = 0; // PyTorch's last_epoch: steps taken
  return {
    name,
    get lr() {
      return lr;
    },
    onTrainBegin(ctx) {
      base ??= ctx.optimizer.lr;
      lr ??= base;
      ctx.optimizer.lr = lr;
    },
    onEpochEnd(_record, ctx) {
      epoch++;
      lr = next(lr!, epoch, base!, ctx);
      ctx.optimizer.lr = lr;
    },
    saveState: () => ({ base, lr, epoch }),
    loadState(state) {
      ({ base, lr, epoch } = state as { base: number; lr: number; epoch: number });
    },
  };
}

/** Multiplies the rate by `gamma` every `stepSize` epochs (PyTorch's `StepLR`). */
export function stepLR(options: { stepSize: number; gamma?: number }): LrSchedule {
  const op = 'stepLR';
  const stepSize = wholeOption(op, 'stepSize', options.stepSize);
  if (stepSize < 1) throw new ValueError(`${op}: stepSize must be ≥ 1, got ${stepSize}`);
  const gamma = numberOption(op, 'gamma', options.gamma ?? 0.1, (v) => v > 0, 'a number > 0');
  return epochSchedule(op, (lr, epoch) => (epoch % stepSize === 0 ? lr * gamma : lr));
}

/** Multiplies the rate by `gamma` every epoch (PyTorch's `ExponentialLR`). */
export function exponentialLR(options: { gamma: number }): LrSchedule {
  const op = 'exponentialLR';
  const gamma = numberOption(op, 'gamma', options.gamma, (v) => v > 0, 'a number > 0');
  return epochSchedule(op, (lr) => lr * gamma);
}

/**
 * Cosine annealing from the initial rate η₀ to `etaMin` over `tMax` epochs, and back up over the
 * next `tMax` (PyTorch's `CosineAnnealingLR`, without restarts): closed form
 * η_t = η_min + (η₀ − η_min)(1 + cos(πt/T_max))/2, computed as PyTorch does, recursively.
 */
export function cosineAnnealingLR(options: { tMax: number; etaMin?: number }): LrSchedule {
  const op = 'cosineAnnealingLR';
  const tMax = wholeOption(op, 'tMax', options.tMax);
  if (tMax < 1) throw new ValueError(`${op}: tMax must be ≥ 1, got ${tMax}`);
  const etaMin = numberOption(op, 'etaMin', options.etaMin ?? 0, (v) => v >= 0, 'a number ≥ 0');
  return epochSchedule(op, (lr, t, base) => {
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return lr + ((base - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    }
    return (
      ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) *
        (lr - etaMin) +
      etaMin
    );
  });
}

export interface ReduceLROnPlateauOptions {
  /** The record field to watch (default `valLoss`). */
  monitor?: string;
  mode?: MonitorMode;
  /** The factor the rate is multiplied by (default 0.1, < 1). */
  factor?: number;
  /** Epochs without improvement that are tolerated (default 10). */
  patience?: number;
  /** The least improvement that counts (default 1e-4). */
  threshold?: number;
  /** `rel`: relative to the best (default); `abs`: absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The rate never goes below this (default 0). */
  minLr?: number;
  /** A reduction smaller than this is not made (default 1e-8). */
  eps?: number;
}

/**
 * Multiplies the rate by `factor` when the monitored number has not improved for more than
 * `patience` epochs (PyTorch's `ReduceLROnPlateau`, the same defaults and rules).
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): LrSchedule {
  const op = 'reduceLROnPlateau';
  const monitor = options.monitor ?? 'valLoss';
  const mode = options.mode ?? 'min';
  const thresholdMode = options.thresholdMode ?? 'rel';
  if (mode !== 'min' && mode !== 'max') {
    throw new ValueError(`${op}: mode must be 'min' or 'max', got ${String(mode)}`);
  }
  if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
    throw new ValueError(
      `${op}: thresholdMode must be 'rel' or 'abs', got ${String(thresholdMode)}`,
    );
  }
  const factor = numberOption(
    op,
    'factor',
    options.factor ?? 0.1,
    (v) => v > 0 && v < 1,
    'in (0, 1)',
  );
  const patience = wholeOption(op, 'patience', options.patience ?? 10);
  const threshold = numberOption(op, 'threshold', options.threshold ?? 1e-4, (v) => v >= 0, '≥ 0');
  const cooldown = wholeOption(op, 'cooldown', options.cooldown ?? 0);
  const minLr = numberOption(op, 'minLr', options.minLr ?? 0, (v) => v >= 0, '≥ 0');
  const eps = numberOption(op, 'eps', options.eps ?? 1e-8, (v) => v >= 0, '≥ 0');

  const isBetter = (a: number, best: number): boolean => {
    if (mode === 'min')
      return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  };
  let best = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let badEpochs = 0;
  let cooldownLeft = 0;
  let lr: number | undefined;
  return {
    name: op,
    get lr() {
      return lr;
    },
    onTrainBegin(ctx) {
      lr ??= ctx.optimizer.lr;
      ctx.optimizer.lr = lr;
    },
    onEpochEnd(record, ctx) {
      const current = monitored(op, record, monitor);
      if (isBetter(current, best)) {
        best = current;
        badEpochs = 0;
      } else {
        badEpochs++;
      }
      if (cooldownLeft > 0) {
        cooldownLeft--;
        badEpochs = 0;
      }
      if (badEpochs > patience) {
        const reduced = Math.max(lr! * factor, minLr);
        if (lr! - reduced > eps) lr = reduced;
        cooldownLeft = cooldown;
        badEpochs = 0;
      }
      ctx.optimizer.lr = lr!;
    },
    // JSON has no Infinity: a best not yet set is saved as null.
    saveState: () => ({ best: Number.isFinite(best) ? best : null, badEpochs, cooldownLeft, lr }),
    loadState(state) {
      const s = state as {
        best: number | null;
        badEpochs: number;
        cooldownLeft: number;
        lr: number;
      };
      best = s.best ?? (mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
      ({ badEpochs, cooldownLeft, lr } = s);
    },
  };
}

import { SGD } from '@mfnet/optim';
import {
  type Callback,
  cosineAnnealingLR,
  type EpochRecord,
  exponentialLR,
  type FitContext,
  reduceLROnPlateau,
  stepLR,
} from '@mfnet/train';
import { describe, expect, it } from 'vitest';
import { smallNet } from './helpers/problem.js';

// The learning rate of each epoch (epoch 1 first) under PyTorch's schedulers, for an SGD with
// lr 0.1 stepped once per epoch: printed by `/usr/bin/python3 scripts/torch-lr-schedules.py` with
// PyTorch 1.13 (Debian's python3-torch); its --reimplemented transcription prints the same.
const PYTORCH = {
  // StepLR(step_size=3, gamma=0.5)
  step: [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125],
  // ExponentialLR(gamma=0.9)
  exponential: [
    0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002,
    0.05904900000000002, 0.05314410000000002, 0.04782969000000002, 0.043046721000000024,
    0.03874204890000002,
  ],
  // CosineAnnealingLR(T_max=4, eta_min=0.001): down to eta_min at epoch 5, back up by epoch 9.
  cosine: [
    0.1, 0.0855017856687341, 0.0505, 0.0154982143312659, 0.001, 0.015498214331265896,
    0.05050000000000001, 0.08550178566873413, 0.10000000000000003, 0.08550178566873413,
    0.05050000000000003, 0.015498214331265945,
  ],
  // ReduceLROnPlateau(mode='min', factor=0.5, patience=1, threshold=0.01, cooldown=1,
  // min_lr=0.01), stepped with these validation losses:
  plateauLosses: [1.0, 0.9, 0.95, 0.92, 0.91, 0.905, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
  plateau: [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025],
};

/** The optimizer's rate in each epoch when `schedule` steps after each, as fit drives it. */
function epochRates(schedule: Callback, epochs: number, valLosses: number[] = []): number[] {
  const net = smallNet();
  const optimizer = new SGD(net.parameters(), { lr: 0.1 });
  const ctx = { optimizer, net } as unknown as FitContext;
  schedule.onTrainBegin?.(ctx);
  const rates: number[] = [];
  for (let e = 0; e < epochs; e++) {
    rates.push(optimizer.lr);
    const record: EpochRecord = { epoch: e + 1, trainLoss: 1, seconds: 0, lr: optimizer.lr };
    const valLoss = valLosses[e];
    if (valLoss !== undefined) record.valLoss = valLoss;
    schedule.onEpochEnd?.(record, ctx);
  }
  return rates;
}

describe('learning-rate schedules give PyTorch’s per-epoch rates', () => {
  it('stepLR = StepLR', () => {
    expect(epochRates(stepLR({ stepSize: 3, gamma: 0.5 }), 10)).toEqual(PYTORCH.step);
  });

  it('exponentialLR = ExponentialLR', () => {
    expect(epochRates(exponentialLR({ gamma: 0.9 }), 10)).toEqual(PYTORCH.exponential);
  });

  it('cosineAnnealingLR = CosineAnnealingLR, past T_max too', () => {
    expect(epochRates(cosineAnnealingLR({ tMax: 4, etaMin: 0.001 }), 12)).toEqual(PYTORCH.cosine);
  });

  it('reduceLROnPlateau = ReduceLROnPlateau (patience, threshold, cooldown, min_lr)', () => {
    const schedule = reduceLROnPlateau({
      factor: 0.5,
      patience: 1,
      threshold: 0.01,
      cooldown: 1,
      minLr: 0.01,
    });
    expect(epochRates(schedule, 12, PYTORCH.plateauLosses)).toEqual(PYTORCH.plateau);
  });

  it('a schedule saved and loaded mid-run goes on with the same rates', () => {
    const first = reduceLROnPlateau({
      factor: 0.5,
      patience: 1,
      threshold: 0.01,
      cooldown: 1,
      minLr: 0.01,
    });
    epochRates(first, 5, PYTORCH.plateauLosses);
    const second = reduceLROnPlateau({
      factor: 0.5,
      patience: 1,
      threshold: 0.01,
      cooldown: 1,
      minLr: 0.01,
    });
    second.loadState?.(JSON.parse(JSON.stringify(first.saveState?.())));
    expect(epochRates(second, 7, PYTORCH.plateauLosses.slice(5))).toEqual(PYTORCH.plateau.slice(5));
  });

  it('cosine annealing to 0 gives the optimizer a rate of 0, as PyTorch does', () => {
    const schedule = cosineAnnealingLR({ tMax: 2 });
    // Epoch 3 is at T_max: PyTorch's rate 0.
    expect(epochRates(schedule, 3)[2]).toBe(0);
  });

  it('refuses bad options with a typed error naming the option', () => {
    expect(() => stepLR({ stepSize: 0 })).toThrow(/stepLR: stepSize must be ≥ 1, got 0/);
    expect(() => reduceLROnPlateau({ factor: 1 })).toThrow(/factor must be in \(0, 1\), got 1/);
    expect(() => epochRates(reduceLROnPlateau(), 1, [])).toThrow(/no 'valLoss' to monitor/);
  });
});

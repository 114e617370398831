import { createCpuBackend, DTYPES, manualSeed, type Tensor } from '@mfnet/tensor';
import { countingBackend } from '@mfnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { CELoss, MSELoss } from '../src/index.js';
import { distributionTargets, newRng, withBiasRow } from './helpers.js';

describe.each(DTYPES)('steady state without allocation (%s)', (dtype) => {
  it.each([
    ['MSELoss', () => new MSELoss(), false],
    ['CELoss', () => new CELoss(), true],
  ] as const)('%s allocates no tensor after its first forward/grad of a shape', (_n, make, ce) => {
    manualSeed(0);
    const { backend, created } = countingBackend(createCpuBackend());
    const rng = newRng(1);
    const yHat = withBiasRow(10, 64, rng, dtype, backend);
    const y = ce
      ? distributionTargets(10, 64, rng, dtype, true, backend)
      : withBiasRow(10, 64, rng, dtype, backend);
    const loss = make();
    loss.forward(yHat, y);
    const firstGrad: Tensor = loss.grad();
    const afterFirst = created();
    for (let i = 0; i < 5; i++) {
      loss.forward(yHat, y);
      expect(loss.grad()).toBe(firstGrad);
    }
    expect(created()).toBe(afterFirst);
    // A second batch shape gets its own scratch once, then none again.
    const yHat2 = withBiasRow(10, 7, rng, dtype, backend);
    const y2 = ce
      ? distributionTargets(10, 7, rng, dtype, true, backend)
      : withBiasRow(10, 7, rng, dtype, backend);
    loss.forward(yHat2, y2);
    loss.grad();
    const afterSecond = created();
    expect(afterSecond).toBeGreaterThan(afterFirst + 2);
    loss.forward(yHat, y);
    loss.grad();
    loss.forward(yHat2, y2);
    loss.grad();
    expect(created()).toBe(afterSecond);
  });
});

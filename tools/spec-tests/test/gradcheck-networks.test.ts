import { CELoss, type Loss, MSELoss } from '@mfnet/losses';
import {
  type Backend,
  createBackend,
  type DType,
  type GradcheckOptions,
  getBackend,
  gradcheck,
  Rng,
  type Tensor,
} from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  randomDistributions,
  randomInput,
  randomNetwork,
  randomTargets,
} from './helpers/random-network.js';

/**
 * Whole random networks of mixed activations with the real losses on top: the analytic
 * gradient of J w.r.t. every weight and the input, from NeuralNetwork.backward(loss.grad()),
 * against central finite differences of loss.forward(net.forward(x), y).
 *
 * Row 0 of each augmented weight and of the input is a constant of the model (Eq. 3.2: the
 * weight's [1, 0 … 0] and the bias row of ones), not a variable, so the check perturbs rows 1…
 * of each (a separate tensor copied into place before each evaluation) and requires row 0 of
 * every ∂J/∂W to be exactly zero. (Row 0 of the returned ∂J/∂A0 = W1ᵀΔ1 is not a derivative of
 * J: a perturbed bias row would also flow through every activation's row-0 copy, which
 * backward treats as a constant, Eq. 3.8. Appendix A calls it "unused".)
 */
const SEEDS = [1, 2, 3, 4, 5];
const SAMPLES = 5;

const TOLERANCE: Record<DType, GradcheckOptions> = {
  float64: { eps: 1e-6, atol: 1e-8, rtol: 1e-6 },
  // float32 keeps ~7 digits, so J(w ± ε) differs in the 4th or 5th: a looser check.
  float32: { eps: 1e-3, atol: 2e-3, rtol: 5e-2 },
};

const LOSSES = [
  { name: 'MSELoss', make: (): Loss => new MSELoss(), targets: randomTargets },
  { name: 'CELoss', make: (): Loss => new CELoss(), targets: randomDistributions },
] as const;

const CASES = LOSSES.flatMap((loss) =>
  (['float64', 'float32'] as const).flatMap((dtype) =>
    SEEDS.map((seed) => ({ loss, dtype, seed, lossName: loss.name })),
  ),
);

/** The network of one seed: the same architecture and numbers for both losses and dtypes. */
function seededNetwork(seed: number, dtype: DType, backend: Backend) {
  const rng = new Rng(1000 + seed);
  return { rng, ...randomNetwork(rng, 2 + rng.int(3), dtype, backend) };
}

describe('gradcheck of whole networks with the real losses', () => {
  it('the seeds cover all five activations', () => {
    const seen = SEEDS.flatMap((seed) => seededNetwork(seed, 'float64', getBackend()).activations);
    expect([...new Set(seen)].sort()).toEqual(Object.keys(ACTIVATIONS).sort());
  });

  it.each(CASES)('$lossName, $dtype, seed $seed', ({ loss: spec, dtype, seed }) => {
    const backend = createBackend('cpu');
    const { rng, nOut, net, nIn, activations } = seededNetwork(seed, dtype, backend);
    const x = randomInput(rng, nIn, SAMPLES, dtype, backend);
    const y = spec.targets(rng, nOut, SAMPLES, dtype, backend);
    const loss = spec.make();

    // rows 1… of each weight, as tensors of their own that gradcheck perturbs.
    const params = net.parameters();
    const row0 = params.map((p) => backend.sliceRows(p.value, 0, 1));
    const free = params.map((p) => backend.sliceRows(p.value, 1, p.value.rows));
    const xRow0 = backend.sliceRows(x, 0, 1);
    const xFree = backend.sliceRows(x, 1, x.rows);
    const J = (): number => {
      params.forEach((p, k) => {
        backend.concatRows(row0[k]!, free[k]!, p.value);
      });
      backend.concatRows(xRow0, xFree, x);
      return loss.forward(net.forward(x), y);
    };

    net.zeroGrad();
    J();
    const dX = net.backward(loss.grad());
    const analytic: Tensor[] = [
      ...params.map((p) => backend.sliceRows(p.grad, 1, p.grad.rows)),
      backend.sliceRows(dX, 1, dX.rows),
    ];
    for (const p of params) {
      expect(backend.sliceRows(p.grad, 0, 1).toArray(), `${p.name} row 0`).toEqual([
        new Array(p.grad.cols).fill(0),
      ]);
    }

    const result = gradcheck(J, [...free, xFree], analytic, TOLERANCE[dtype]);
    // every free weight and every input feature
    expect(result.checked).toBe(free.reduce((n, t) => n + t.size, 0) + xFree.size);
    expect(result.ok, `${activations.join('→')}: worst ${JSON.stringify(result.worst)}`).toBe(true);
  });
});

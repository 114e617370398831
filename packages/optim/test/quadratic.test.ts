import { DTYPES, type Parameter, type Tensor, tensor } from '@mfnet/tensor';
import { describeOnBackends } from '@mfnet/tensor/testing';
import { expect, it } from 'vitest';
import { Adam, type Optimizer, SGD } from '../src/index.js';

/**
 * f(W) = ½ Σ aᵢⱼ (Wᵢⱼ − Tᵢⱼ)², an ill-conditioned bowl (curvatures 0.5 to 4) with its minimum
 * at T. Its gradient a ⊙ (W − T) is computed with backend ops into p.grad.
 */
function bowl(p: Parameter, target: Tensor, curvature: Tensor): () => number {
  const b = p.value.backend;
  return () => {
    b.binary('sub', p.value, target, p.grad);
    b.binary('mul', curvature, p.grad, p.grad);
    return b.norm(b.binary('sub', p.value, target));
  };
}

describeOnBackends(DTYPES, 'optimizers minimize a quadratic (%s)', (dtype) => {
  const cases: [string, (ps: Parameter[]) => Optimizer, number, number][] = [
    ['SGD', (ps) => new SGD(ps, { lr: 0.2 }), 300, 1e-5],
    ['SGD + clipping', (ps) => new SGD(ps, { lr: 0.2, maxGradNorm: 0.5 }), 400, 1e-5],
    ['SGD + momentum', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9 }), 400, 1e-5],
    ['SGD + Nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true }), 400, 1e-5],
    ['Adam', (ps) => new Adam(ps, { lr: 0.05 }), 1500, 1e-3],
  ];
  it.each(cases)('%s converges to the minimum', (_name, make, steps, tol) => {
    const options = { dtype };
    const p: Parameter = {
      name: 'w',
      value: tensor(
        [
          [3, -2, 0.5],
          [-1, 4, 2],
        ],
        options,
      ),
      grad: tensor(
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
        options,
      ),
      fixedRow0: false,
    };
    const target = tensor(
      [
        [1, 0, -1],
        [0.5, 2, -3],
      ],
      options,
    );
    const curvature = tensor(
      [
        [0.5, 1, 2],
        [4, 1.5, 0.8],
      ],
      options,
    );
    const distance = bowl(p, target, curvature);
    const opt = make([p]);
    const initial = distance();
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      distance();
      opt.step();
    }
    const final = distance();
    expect(initial).toBeGreaterThan(3);
    expect(final).toBeLessThan(dtype === 'float64' ? tol : Math.max(tol, 1e-4));
  });
});

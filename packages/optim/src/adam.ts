import type { Parameter, Tensor } from '@mfnet/tensor';
import { Optimizer } from './optimizer.js';
import { betaPair, nonNegative, onlyKnownOptions, positive } from './options.js';
import { decayedGradient } from './weight-decay.js';
import { zerosLike } from './zeros-like.js';

export interface AdamOptions {
  /** The learning rate, > 0. Default 1e-3. */
  lr?: number;
  /** The decay rates (β1, β2) of the moment estimates, each in [0, 1). Default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the denominator, > 0. Default 1e-8. */
  eps?: number;
  /** L2 weight decay λ ≥ 0 added to the gradient (torch.optim.Adam, not AdamW). Default 0. */
  weightDecay?: number;
}

const ADAM_OPTIONS = ['lr', 'betas', 'eps', 'weightDecay'] as const;

interface AdamState {
  /** First moment m. */
  expAvg: Tensor;
  /** Second moment v. */
  expAvgSq: Tensor;
  /** √v̂ + eps. */
  denom: Tensor;
  /** Intermediate results. */
  scratch: Tensor;
  /** g + λW (when weight decay is on). */
  decayed: Tensor | undefined;
}

/**
 * Adam (Kingma & Ba), computed as PyTorch's single-tensor `torch.optim.Adam` computes it, in
 * the same order of floating-point operations, so that float64 runs agree with PyTorch's:
 *
 *     g ← g + λW                                   (if weightDecay)
 *     m ← m + (1−β1)(g − m)                         (m.lerp_(g, 1−β1))
 *     v ← β2 v + ((1−β2) g) g
 *     denom ← √v / √(1−β2ᵗ) + eps
 *     W ← W + (−(lr/(1−β1ᵗ)) m) / denom
 *
 * Row 0 of a `fixedRow0` parameter has a zero gradient (its layer sees to it; weight decay
 * keeps it so, see `decayedGradient`), so its moments stay zero and its update is exactly
 * zero: the row stays [1, 0 … 0].
 *
 * @example
 * const opt = new Adam(net.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer {
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  private readonly state: AdamState[];

  constructor(parameters: Iterable<Parameter>, options: AdamOptions = {}) {
    const owner = 'Adam';
    super(owner, parameters, options.lr ?? 1e-3);
    onlyKnownOptions(owner, options, ADAM_OPTIONS);
    this.betas = betaPair(owner, options.betas ?? [0.9, 0.999]);
    this.eps = positive(owner, 'eps', options.eps ?? 1e-8);
    this.weightDecay = nonNegative(owner, 'weightDecay', options.weightDecay ?? 0);
    this.state = this.parameters.map((p) => ({
      expAvg: zerosLike(p.value),
      expAvgSq: zerosLike(p.value),
      denom: zerosLike(p.value),
      scratch: zerosLike(p.value),
      decayed: this.weightDecay > 0 ? zerosLike(p.value) : undefined,
    }));
  }

  protected stateTensors(): Record<string, Tensor> {
    const tensors: Record<string, Tensor> = {};
    this.parameters.forEach((p, i) => {
      tensors[`${p.name}.exp_avg`] = this.state[i]!.expAvg;
      tensors[`${p.name}.exp_avg_sq`] = this.state[i]!.expAvgSq;
    });
    return tensors;
  }

  protected update(p: Parameter, index: number): void {
    const b = p.value.backend;
    const { expAvg: m, expAvgSq: v, denom, scratch, decayed } = this.state[index]!;
    const [beta1, beta2] = this.betas;
    const t = this.steps + 1;

    const g = decayed === undefined ? p.grad : decayedGradient(p, this.weightDecay, decayed);

    // m.lerp_(g, w), w = 1 − β1, with torch's two formulas for small and large weights.
    const w = 1 - beta1;
    b.binary('sub', g, m, scratch);
    if (Math.abs(w) < 0.5) {
      b.axpby(w, scratch, 1, m);
    } else {
      b.copy(g, m);
      b.axpby(-(1 - w), scratch, 1, m);
    }

    // v.mul_(β2).addcmul_(g, g, value = 1 − β2)
    b.affine(v, beta2, 0, v);
    b.affine(g, 1 - beta2, 0, scratch);
    b.binary('mul', scratch, g, scratch);
    b.binary('add', v, scratch, v);

    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    const stepSize = this.lr / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);

    // denom = (√v / √bc2) + eps
    b.unary('sqrt', v, denom);
    b.fill(scratch, biasCorrection2Sqrt);
    b.binary('div', denom, scratch, denom);
    b.affine(denom, 1, this.eps, denom);

    // W.addcdiv_(m, denom, value = −step_size)
    b.affine(m, -stepSize, 0, scratch);
    b.binary('div', scratch, denom, scratch);
    b.binary('add', p.value, scratch, p.value);
  }
}

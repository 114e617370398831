import type { Parameter, Tensor } from '@mfnet/tensor';
import { clipTensorNorm } from './clip-grad-norm.js';
import { InvalidOptionError } from './errors.js';
import { Optimizer } from './optimizer.js';
import { flag, nonNegative, onlyKnownOptions, positive } from './options.js';
import { decayedGradient } from './weight-decay.js';
import { zerosLike } from './zeros-like.js';

export interface SGDOptions {
  /** The learning rate η > 0 (Eq. 5.1). */
  lr: number;
  /**
   * Clip each gradient tensor's norm to this value before the update, as the paper does
   * (Sec. 5.2): ∂J/∂W ← ∂J/∂W · maxGradNorm/‖∂J/∂W‖ when the norm is larger. In place.
   */
  maxGradNorm?: number;
  /** Momentum μ ≥ 0, PyTorch-style: v ← μ v + g, W ← W − η v. Default 0. */
  momentum?: number;
  /** L2 weight decay λ ≥ 0, added to the gradient: g ← g + λ W (never to row 0 of augmented weights). */
  weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0): W ← W − η (g + μ v). Default false. */
  nesterov?: boolean;
}

const SGD_OPTIONS = ['lr', 'maxGradNorm', 'momentum', 'weightDecay', 'nesterov'] as const;

interface SgdState {
  /** The momentum buffer v (when momentum > 0). */
  velocity: Tensor | undefined;
  /** The effective gradient g + λW or g + μv (when weight decay or Nesterov need one). */
  scratch: Tensor | undefined;
}

/**
 * Stochastic gradient descent, W ← W − η ∂J/∂W (Eq. 5.1), with the paper's per-tensor gradient
 * clipping (Sec. 5.2) and, beyond the paper, momentum, Nesterov and weight decay, computed as
 * `torch.optim.SGD` computes them (clipping applies to the raw gradient, before weight decay).
 *
 * @example
 * const opt = new SGD(net.parameters(), { lr: 0.1, maxGradNorm: 5 });
 * opt.zeroGrad(); loss.forward(net.forward(x), y); net.backward(loss.grad()); opt.step();
 */
export class SGD extends Optimizer {
  readonly maxGradNorm: number | undefined;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  private readonly state: SgdState[];

  constructor(parameters: Iterable<Parameter>, options: SGDOptions) {
    const owner = 'SGD';
    super(owner, parameters, options?.lr);
    onlyKnownOptions(owner, options, SGD_OPTIONS);
    this.maxGradNorm =
      options.maxGradNorm === undefined
        ? undefined
        : positive(owner, 'maxGradNorm', options.maxGradNorm);
    this.momentum = nonNegative(owner, 'momentum', options.momentum ?? 0);
    this.weightDecay = nonNegative(owner, 'weightDecay', options.weightDecay ?? 0);
    this.nesterov = flag(owner, 'nesterov', options.nesterov ?? false);
    if (this.nesterov && this.momentum === 0) {
      throw new InvalidOptionError(owner, 'nesterov', true, 'false when momentum is 0');
    }
    const needsScratch = this.weightDecay > 0 || this.nesterov;
    this.state = this.parameters.map((p) => ({
      velocity: this.momentum > 0 ? zerosLike(p.value) : undefined,
      scratch: needsScratch ? zerosLike(p.value) : undefined,
    }));
  }

  protected override prepareGradients(): void {
    const max = this.maxGradNorm;
    if (max === undefined) return;
    for (const p of this.parameters) clipTensorNorm('SGD.step', p, max);
  }

  protected stateTensors(): Record<string, Tensor> {
    const tensors: Record<string, Tensor> = {};
    this.parameters.forEach((p, i) => {
      const velocity = this.state[i]!.velocity;
      if (velocity !== undefined) tensors[`${p.name}.momentum_buffer`] = velocity;
    });
    return tensors;
  }

  protected update(p: Parameter, index: number): void {
    const b = p.value.backend;
    const { velocity, scratch } = this.state[index]!;
    let direction = p.grad;
    if (this.weightDecay > 0 && scratch !== undefined) {
      direction = decayedGradient(p, this.weightDecay, scratch);
    }
    if (velocity !== undefined) {
      // v ← μ v + g (a copy of g on the first step, as PyTorch).
      if (this.steps === 0) b.copy(direction, velocity);
      else b.axpby(1, direction, this.momentum, velocity);
      if (this.nesterov && scratch !== undefined) {
        if (direction !== scratch) b.copy(direction, scratch);
        b.axpby(this.momentum, velocity, 1, scratch);
        direction = scratch;
      } else {
        direction = velocity;
      }
    }
    b.axpby(-this.lr, direction, 1, p.value);
  }
}

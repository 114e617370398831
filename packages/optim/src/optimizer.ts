import { expectTensor, formatShape, type Parameter, ShapeError, type Tensor } from '@mfnet/tensor';
import { StateDictError } from './errors.js';
import { nonNegative, positive } from './options.js';
import { collectParameters } from './parameters.js';

/** What `stateDict()` returns and `loadStateDict()` takes. */
export interface OptimizerState {
  step: number;
  tensors: Record<string, Tensor>;
}

/**
 * What every optimizer shares (Sec. 5.2): the parameters it updates in place, a learning
 * rate that a schedule may change between steps, `step()` and `zeroGrad()`.
 *
 * Row 0 of a `fixedRow0` parameter (mfnet's augmented weights, Eq. 3.2) is not the optimizer's
 * business: its gradient row is zero, as the layer that owns the parameter guarantees (Linear
 * computes it so, Eq. 3.5), and a zero gradient row leaves the row unchanged under every update
 * here. The one exception is weight decay, a term the optimizer adds itself: see
 * `decayedGradient`.
 */

export abstract class Optimizer {
  /** The parameters, in the order given. */
  readonly parameters: readonly Parameter[];
  private learningRate: number;
  /** How many times `step()` has run. */
  protected steps = 0;

  protected constructor(
    protected readonly owner: string,
    parameters: Iterable<Parameter>,
    lr: unknown,
  ) {
    this.learningRate = positive(owner, 'lr', lr);
    this.parameters = collectParameters(owner, parameters);
  }

  /**
   * The learning rate η; assignable between steps. The constructor takes only a finite number
   * > 0 (an lr of 0 there is a mistake), but a schedule may set 0, as cosine annealing to
   * η_min = 0 does in PyTorch; a step with η = 0 changes no weight.
   */
  get lr(): number {
    return this.learningRate;
  }

  set lr(value: number) {
    this.learningRate = nonNegative(this.owner, 'lr', value);
  }

  /** The number of completed steps. */
  get stepCount(): number {
    return this.steps;
  }

  /** Sets every gradient to zero, before the next backward pass accumulates into it. */
  zeroGrad(): void {
    for (const p of this.parameters) p.grad.backend.fill(p.grad, 0);
  }

  /** Updates every parameter from its gradient. */
  step(): void {
    this.prepareGradients();
    for (let i = 0; i < this.parameters.length; i++) this.update(this.parameters[i]!, i);
    this.steps++;
  }

  /**
   * The optimizer's state, for checkpoints: the step count and its state tensors by name
   * (`<parameter>.exp_avg`, `<parameter>.momentum_buffer`, …). The tensors are the optimizer's
   * own; read them (or copy them) before the next step.
   */
  stateDict(): OptimizerState {
    return { step: this.steps, tensors: this.stateTensors() };
  }

  /** Restores a state from `stateDict()` (same parameters, same options): values are copied in. */
  loadStateDict(state: OptimizerState): void {
    const where = `${this.owner}.loadStateDict`;
    if (
      typeof state !== 'object' ||
      state === null ||
      typeof state.tensors !== 'object' ||
      state.tensors === null
    ) {
      throw new StateDictError(
        `${where}: expected { step, tensors } as stateDict() gives, got ${state === null ? 'null' : typeof state}`,
      );
    }
    for (const [name, t] of Object.entries(state.tensors))
      expectTensor(where, `tensors['${name}']`, t);
    const own = this.stateTensors();
    const names = Object.keys(own);
    const given = Object.keys(state.tensors);
    const missing = names.find((n) => !(n in state.tensors));
    const extra = given.find((n) => !(n in own));
    if (missing !== undefined || extra !== undefined) {
      throw new StateDictError(
        `${this.owner}.loadStateDict: ${missing !== undefined ? `missing '${missing}'` : `unexpected '${extra}'`} (expected ${names.length === 0 ? 'no tensors' : names.join(', ')})`,
      );
    }
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new StateDictError(
        `${this.owner}.loadStateDict: step must be an integer >= 0, got ${String(state.step)}`,
      );
    }
    for (const name of names) {
      const mine = own[name]!;
      const theirs = state.tensors[name]!;
      if (theirs.rows !== mine.rows || theirs.cols !== mine.cols) {
        throw new ShapeError(
          `${this.owner}.loadStateDict: '${name}' is ${formatShape(theirs.shape)}, expected ${formatShape(mine.shape)}`,
        );
      }
      mine.backend.write(mine, theirs.toTypedArray());
    }
    this.steps = state.step;
  }

  /** The state tensors by name (empty for plain SGD). */
  protected abstract stateTensors(): Record<string, Tensor>;

  /** Runs on all gradients before any parameter is updated (so a refusal changes no weight). */
  protected prepareGradients(): void {}

  /** One parameter's update; `index` is its position in `parameters`. */
  protected abstract update(p: Parameter, index: number): void;
}

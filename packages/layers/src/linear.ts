import {
  assertDType,
  type Backend,
  BackendError,
  type DType,
  DTypeError,
  defaultRng,
  expectTensor,
  formatShape,
  getBackend,
  MfnetError,
  type Parameter,
  Rng,
  ScratchPool,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '@mfnet/tensor';
import { checkBackwardInput } from './backward-checks.js';
import { assertInitScheme, type InitScheme, initialWeights } from './init.js';
import type { Layer, LayerSizes } from './layer.js';
import { checkFixedRow0, checkTensorFinite } from './weight-checks.js';

export interface LinearOptions {
  /** How to draw the initial weights (default `auto`: He, or Glorot before sigmoid/tanh). */
  init?: InitScheme;
  /** The generator to draw from; default `defaultRng()` (reseed it with `manualSeed`). */
  rng?: Rng;
  /** A seed for a private generator, instead of `rng`. */
  seed?: number;
  /** Default: the backend's default dtype (cpu: float64, gpujs: float32). */
  dtype?: DType;
  /** Default: the current backend (`getBackend()`) at construction. */
  backend?: Backend;
  /**
   * Explicit initial weights, (nOut+1)×(nIn+1) with row 0 exactly [1, 0 … 0]; copied.
   * `init`, `rng` and `seed` are then unused.
   */
  weight?: Tensor | readonly (readonly number[])[];
}

interface Scratch {
  /** Z = W·A, (nOut+1)×m. */
  z: Tensor;
  /** ∂J/∂A = Wᵀ·Δ, (nIn+1)×m. */
  dInput: Tensor;
}

/**
 * The fully connected layer of Sec. 3.1, on the augmented weight of Eq. 3.2:
 *
 *     W = ⎡ 1  0 … 0 ⎤   (nOut+1)×(nIn+1)
 *         ⎣ b    W̃   ⎦
 *
 * so that Z = W·A (Eq. 3.4) carries the bias row of ones forward. `backward(Δ)` adds
 * Δ·Aᵀ to `grad` (Eq. 3.5; gradients accumulate until `zeroGrad`, as in PyTorch) and returns
 * Wᵀ·Δ (Eq. 3.6). Row 0 of `grad` is always zero, so row 0 of `weight` stays [1, 0 … 0]
 * under any gradient step: this layer is the one owner of that row (see `accumulateGrad`).
 *
 * Initial weights: the nOut×nIn block from the chosen scheme (He or Glorot), the bias column
 * zero. The weights are drawn on first use (reading `weight`, `forward`, `parameters()`), so
 * that a `NeuralNetwork` can choose the `auto` scheme from the activation after the layer and
 * draw every layer's weights in order.
 */
export class Linear implements Layer {
  readonly nIn: number;
  readonly nOut: number;
  readonly backend: Backend;
  readonly dtype: DType;
  /** The scheme asked for; `auto` until resolved. */
  readonly init: InitScheme;
  /** ∂J/∂W, same shape as `weight`, accumulated by `backward`. */
  readonly grad: Tensor;
  /** nIn features in, nOut out, for the network's chain check. */
  readonly sizes: LayerSizes;
  /** Its role in a trace: Z = W·A (Eq. 3.4). */
  readonly notation = 'linear';

  private readonly w: Tensor;
  private initialised = false;
  private rng: Rng | undefined;
  private input: Tensor | undefined;
  private readonly scratch: ScratchPool<Scratch>;

  constructor(nIn: number, nOut: number, options: LinearOptions = {}) {
    for (const [name, n] of [
      ['nIn', nIn],
      ['nOut', nOut],
    ] as const) {
      if (!Number.isInteger(n) || n < 1) {
        throw new ValueError(`Linear: ${name} must be a positive integer, got ${String(n)}`);
      }
    }
    this.nIn = nIn;
    this.nOut = nOut;
    this.sizes = { in: nIn, out: nOut };
    this.backend = options.backend ?? getBackend();
    this.dtype = assertDType(options.dtype ?? this.backend.defaultDType);
    this.init = assertInitScheme(options.init ?? 'auto');
    this.rng = options.rng ?? (options.seed !== undefined ? new Rng(options.seed) : undefined);
    this.w = this.backend.zeros(nOut + 1, nIn + 1, this.dtype);
    this.grad = this.backend.zeros(nOut + 1, nIn + 1, this.dtype);
    this.scratch = new ScratchPool((backend, dtype, _rows, cols) => ({
      z: backend.zeros(nOut + 1, cols, dtype),
      dInput: backend.zeros(nIn + 1, cols, dtype),
    }));
    if (options.weight !== undefined) {
      this.setWeight(options.weight);
    }
  }

  /** `Linear(nIn→nOut)`, as error messages and traces name the layer. */
  get label(): string {
    return `Linear(${this.nIn}→${this.nOut})`;
  }

  /** The augmented weight (Eq. 3.2); optimizers update it in place. */
  get weight(): Tensor {
    if (!this.initialised) this.resetParameters();
    return this.w;
  }

  /** Whether the weights have been drawn (or given) yet. */
  get isInitialised(): boolean {
    return this.initialised;
  }

  /**
   * Draws new weights with `scheme` (default: the layer's own, `auto` meaning He) from the
   * layer's generator, and clears the gradient.
   */
  resetParameters(scheme: InitScheme = this.init): void {
    const resolved = assertInitScheme(scheme);
    const rng = this.rng ?? defaultRng();
    const data = initialWeights(this.nIn, this.nOut, resolved === 'auto' ? 'he' : resolved, rng);
    this.backend.write(this.w, data);
    this.backend.fill(this.grad, 0);
    this.initialised = true;
  }

  /**
   * Draws the weights unless they are drawn or given already; `auto` becomes the scheme that
   * suits the layer after it (`next.initBefore`: Glorot before sigmoid and tanh), He otherwise.
   * `NeuralNetwork` calls it for every layer in list order.
   */
  initialise(next: Layer | undefined): void {
    if (this.initialised) return;
    this.resetParameters(this.init === 'auto' ? (next?.initBefore ?? 'he') : this.init);
  }

  /**
   * Copies `weight` into the layer after checking its shape, that it is finite and that row 0
   * is exactly [1, 0 … 0].
   */
  setWeight(weight: Tensor | readonly (readonly number[])[]): void {
    const what = `${this.label}: weight`;
    let given: Tensor;
    if (Array.isArray(weight)) {
      try {
        given = tensor(weight as readonly (readonly number[])[], {
          backend: this.backend,
          dtype: this.dtype,
        });
      } catch (error) {
        if (error instanceof MfnetError) {
          throw new ValueError(`${what}: ${error.message}`);
        }
        throw error;
      }
    } else {
      given = weight as Tensor;
    }
    const expected: [number, number] = [this.nOut + 1, this.nIn + 1];
    if (given.rows !== expected[0] || given.cols !== expected[1]) {
      throw new ShapeError(
        `${what} has shape ${formatShape(given.shape)}, expected ${formatShape(expected)} ` +
          '((nOut+1)×(nIn+1), the augmented weight of Eq. 3.2)',
      );
    }
    checkTensorFinite(what, given);
    checkFixedRow0(what, given);
    if (given.backend === this.backend && given.dtype === this.dtype) {
      this.backend.copy(given, this.w);
    } else {
      // Another backend or dtype: move the values through the host.
      this.backend.write(this.w, given.toTypedArray());
    }
    this.backend.fill(this.grad, 0);
    this.initialised = true;
  }

  /** Z = W·A (Eq. 3.4); keeps A for `backward`. */
  forward(x: Tensor): Tensor {
    expectTensor(`${this.label}.forward`, 'x', x);
    this.checkInput(x);
    const w = this.weight;
    const { z } = this.scratch.get(this.backend, this.dtype, x.rows, x.cols);
    this.backend.matmul(w, x, undefined, z);
    this.input = x;
    return z;
  }

  /** grad += Δ·Aᵀ (Eq. 3.5); returns Wᵀ·Δ (Eq. 3.6). */
  backward(dOut: Tensor): Tensor {
    const a = this.accumulateGrad('backward', dOut);
    const { dInput } = this.scratch.get(this.backend, this.dtype, a.rows, a.cols);
    this.backend.matmul(this.w, dOut, { transA: true }, dInput);
    return dInput;
  }

  /**
   * grad += Δ·Aᵀ (Eq. 3.5) only, without ∂J/∂A = Wᵀ·Δ (Eq. 3.6): for the first layer of a
   * network, whose input gradient nobody uses in training (it is a third of an MNIST step).
   */
  backwardWeights(dOut: Tensor): void {
    this.accumulateGrad('backwardWeights', dOut);
  }

  /** Checks Δ against the last forward and adds Δ·Aᵀ to `grad`; returns that forward's A. */
  private accumulateGrad(op: string, dOut: Tensor): Tensor {
    expectTensor(`${this.label}.${op}`, 'dOut', dOut);
    const a = checkBackwardInput(this.label, op, '∂J/∂Z', dOut, this.input, (x) => [
      this.nOut + 1,
      x.cols,
    ]);
    this.checkOperand(op, '∂J/∂Z', dOut);
    // The one owner of row 0 of W. It is a constant of the model (Eq. 3.2), not a parameter,
    // so its gradient row is zero: `zeroRow0` writes +0 there in the product of Eq. 3.5, whatever
    // row 0 of Δ holds (the paper's activations and losses give zero there, Eq. 3.8 and Sec. 4;
    // a custom layer or loss may not). That is enough: an optimizer step maps a zero gradient
    // row to a zero change (SGD, momentum, Adam's moments), so nothing downstream re-zeroes it;
    // only weight decay, a term the optimizer adds itself, skips the row (optim's
    // decayedGradient). Row 0 of Δ cannot leak elsewhere either: in Wᵀ·Δ (Eq. 3.6) it meets
    // W's row 0, [1, 0 … 0], so it reaches row 0 of ∂J/∂A only.
    this.backend.matmul(dOut, a, { transB: true, beta: 1, zeroRow0: true }, this.grad);
    return a;
  }

  parameters(): Parameter[] {
    return [{ name: 'weight', value: this.weight, grad: this.grad, fixedRow0: true }];
  }

  toString(): string {
    return this.label;
  }

  private checkInput(x: Tensor): void {
    if (x.rows !== this.nIn + 1) {
      throw new ShapeError(
        `${this.label}: the input has ${x.rows} rows (shape ${formatShape(x.shape)}), expected ` +
          `${this.nIn + 1}: ${this.nIn} features plus the bias row 0 of ones`,
      );
    }
    this.checkOperand('forward', 'input', x);
  }

  private checkOperand(op: string, what: string, t: Tensor): void {
    if (t.backend !== this.backend) {
      throw new BackendError(
        `${this.label}.${op}: the ${what} lives on backend '${t.backend.name}', the layer on ` +
          `'${this.backend.name}'${t.backend.name === this.backend.name ? ' (another instance of it: create both with the same backend, e.g. getBackend())' : ''}`,
      );
    }
    if (t.dtype !== this.dtype) {
      throw new DTypeError(
        `${this.label}.${op}: the ${what} is ${t.dtype}, the layer's weights are ${this.dtype}`,
      );
    }
  }
}

import {
  type ActivationKind,
  checkFinite,
  expectTensor,
  LEAKY_RELU_SLOPE,
  type Parameter,
  ScratchPool,
  type Tensor,
} from '@mfnet/tensor';
import { checkBackwardInput } from './backward-checks.js';
import type { Layer, LayerSizes } from './layer.js';

/** Names that survive minification (unlike `constructor.name`). */
const LABELS: Record<ActivationKind, string> = {
  identity: 'Identity',
  relu: 'ReLU',
  leaky_relu: 'LeakyReLU',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
};

interface Scratch {
  /** A = g(Z). */
  out: Tensor;
  /** ∂J/∂Z = ∂J/∂A ⊙ g′(Z). */
  dInput: Tensor;
}

/**
 * An activation layer (Sec. 3.2): A = g(Z) on rows 1…, row 0 (the bias feature) copied
 * unchanged (Eq. 3.7); backward returns ∂J/∂A ⊙ g′(Z) on rows 1… with row 0 zero (Eq. 3.8,
 * the value Appendix A prints for Δ's bias row). Both go through the backend's fused
 * `activation` / `activationGrad`, which write row 0 in the same pass. Nothing relies on that
 * zero to keep the Linear weight's row 0 fixed: the Linear owns that row itself.
 */
export class Activation implements Layer {
  /** The output has the input's shape. */
  readonly sizes: LayerSizes = 'same';
  /** Its role in a trace: A = g(Z) (Eq. 3.7). */
  readonly notation = 'activation';
  private input: Tensor | undefined;
  private readonly scratch = new ScratchPool<Scratch>((backend, dtype, rows, cols) => ({
    out: backend.zeros(rows, cols, dtype),
    dInput: backend.zeros(rows, cols, dtype),
  }));

  /**
   * @param kind  the map g, one of the backend's activation kinds
   * @param param its parameter, where it has one (the negative slope of `leaky_relu`)
   */
  constructor(
    readonly kind: ActivationKind,
    readonly param?: number,
  ) {}

  /** `ReLU`, `Sigmoid` …, as traces and error messages name the layer. */
  get label(): string {
    return LABELS[this.kind] ?? this.kind;
  }

  /** Glorot for the weights before a sigmoid or tanh (Glorot & Bengio 2010), He before the rest. */
  get initBefore(): 'he' | 'glorot' {
    return this.kind === 'sigmoid' || this.kind === 'tanh' ? 'glorot' : 'he';
  }

  forward(z: Tensor): Tensor {
    expectTensor(`${this.label}.forward`, 'z', z);
    const { out } = this.scratchFor(z);
    z.backend.activation(this.kind, z, out, this.param);
    this.input = z;
    return out;
  }

  backward(dOut: Tensor): Tensor {
    expectTensor(`${this.label}.backward`, 'dOut', dOut);
    const z = checkBackwardInput(this.label, 'backward', '∂J/∂A', dOut, this.input, (x) => x.shape);
    const { dInput } = this.scratchFor(z);
    return z.backend.activationGrad(this.kind, z, dOut, dInput, this.param);
  }

  parameters(): Parameter[] {
    return [];
  }

  toString(): string {
    return this.label;
  }

  /** The scratch tensors for `z`'s shape, backend and dtype, made on first use. */
  private scratchFor(z: Tensor): Scratch {
    return this.scratch.get(z.backend, z.dtype, z.rows, z.cols);
  }
}

/** max(0, z). */
export class ReLU extends Activation {
  constructor() {
    super('relu');
  }
}

/** z for z > 0, slope·z otherwise (slope LEAKY_RELU_SLOPE = 0.01 by default). */
export class LeakyReLU extends Activation {
  constructor(slope = LEAKY_RELU_SLOPE) {
    checkFinite('LeakyReLU', 'slope', slope);
    super('leaky_relu', slope);
  }

  get slope(): number {
    return this.param ?? LEAKY_RELU_SLOPE;
  }
}

/** 1/(1 + e^−z), computed without overflow for large |z|. */
export class Sigmoid extends Activation {
  constructor() {
    super('sigmoid');
  }
}

/** tanh z. */
export class Tanh extends Activation {
  constructor() {
    super('tanh');
  }
}

/** z itself; backward gives row 0 of the gradient as zero (Sec. 3.2), as in Appendix A. */
export class Identity extends Activation {
  constructor() {
    super('identity');
  }
}

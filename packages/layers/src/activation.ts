import {
  type ActivationKind,
  checkFinite,
  formatShape,
  type Parameter,
  ShapeError,
  type Tensor,
  ValueError,
} from '@mfnet/tensor';
import { BufferCache } from './buffer-cache.js';
import type { Layer } from './layer.js';

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
 * unchanged (Eq. 3.7); backward returns ∂J/∂A ⊙ g′(Z) on rows 1… with row 0 set to zero
 * (Eq. 3.8), so that row 0 of the Linear weight before it never gets a gradient.
 * Both go through the backend's fused `activation` / `activationGrad`.
 */
export class Activation implements Layer {
  private input: Tensor | undefined;
  private readonly scratch = new BufferCache<number, Tensor, Scratch>(
    (z) => ({
      out: z.backend.zeros(z.rows, z.cols, z.dtype),
      dInput: z.backend.zeros(z.rows, z.cols, z.dtype),
    }),
    (s) => {
      s.out.dispose();
      s.dInput.dispose();
    },
  );

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

  forward(z: Tensor): Tensor {
    const { out } = this.scratchFor(z);
    z.backend.activation(this.kind, z, out, this.param);
    this.input = z;
    return out;
  }

  backward(dOut: Tensor): Tensor {
    const z = this.input;
    if (z === undefined) {
      throw new ValueError(`${this.label}: backward was called before forward`);
    }
    if (dOut.rows !== z.rows || dOut.cols !== z.cols) {
      throw new ShapeError(
        `${this.label}: backward got ∂J/∂A of shape ${formatShape(dOut.shape)}, expected ` +
          `${formatShape(z.shape)} (the shape of the last forward's input)`,
      );
    }
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
    // A numeric key (rows, cols) so that a lookup allocates nothing.
    let s = this.scratch.get(z.rows * 2 ** 26 + z.cols, z);
    if (s.out.backend !== z.backend || s.out.dtype !== z.dtype) {
      this.scratch.clear();
      s = this.scratch.get(z.rows * 2 ** 26 + z.cols, z);
    }
    return s;
  }
}

/** max(0, z). */
export class ReLU extends Activation {
  constructor() {
    super('relu');
  }
}

/** z for z > 0, slope·z otherwise (slope 0.01 by default). */
export class LeakyReLU extends Activation {
  constructor(slope = 0.01) {
    checkFinite('LeakyReLU', 'slope', slope);
    super('leaky_relu', slope);
  }

  get slope(): number {
    return this.param ?? 0.01;
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

/** z itself; backward still zeroes row 0 of the gradient (Sec. 3.2), as in Appendix A. */
export class Identity extends Activation {
  constructor() {
    super('identity');
  }
}

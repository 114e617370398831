import type { Parameter, Tensor } from '@mfnet/tensor';

/**
 * The feature counts of a layer, bias row 0 not counted: `{ in, out }` for a layer that takes
 * and gives fixed sizes (a `Linear` takes nIn features and gives nOut), `'same'` for one whose
 * output is as large as its input, whatever that is (an activation).
 */
export type LayerSizes = { readonly in: number; readonly out: number } | 'same';

/**
 * A building block of a network (Sec. 3): it maps its input to an output in `forward`, and in
 * `backward` maps ∂J/∂output to ∂J/∂input, accumulating the gradients of its own parameters on
 * the way. Tensors are features × samples with row 0 the bias row of ones.
 *
 * `forward` may keep what `backward` needs (its input, say). Both may return tensors that the
 * layer owns and reuses on the next call with the same batch size, so copy an output you want
 * to keep past the next pass.
 *
 * The optional members tell a `NeuralNetwork` what it cannot see from outside; it knows no
 * concrete layer class, so a layer of your own gets every check and shortcut the built-in ones
 * get by declaring them.
 */
export interface Layer {
  forward(x: Tensor): Tensor;
  backward(dOut: Tensor): Tensor;
  /**
   * The layer's trainable tensors; names are local (`weight`), the network prefixes them. An
   * empty list means the layer has no weights. A parameter with `fixedRow0` must get a gradient
   * whose row 0 is zero: its layer owns that row (as `Linear` does, Eq. 3.5).
   */
  parameters(): Parameter[];
  /** How traces, error messages and `toString` name it (`Linear(784→128)`, `ReLU`); default: the class name. */
  readonly label?: string;
  /**
   * Its feature counts, for the network's chain check: consecutive layers must agree, across
   * any `'same'` layers. Without it the check restarts after the layer.
   */
  readonly sizes?: LayerSizes;
  /**
   * `backward` without ∂J/∂input: only the parameters' gradients. The network calls it instead
   * of `backward` for the first layer with parameters when nobody wants ∂J/∂A0 (a training step,
   * `backward(d, { inputGradient: false })`); for `Linear` it saves the Wᵀ·Δ product (Eq. 3.6).
   */
  backwardWeights?(dOut: Tensor): void;
  /**
   * Draws the initial parameters if they are not drawn yet. The network calls it on every layer
   * in list order at construction, so that layers sharing a generator draw in a fixed order;
   * `next` is the layer after this one (for `initBefore`).
   */
  initialise?(next: Layer | undefined): void;
  /**
   * The weight initialisation that suits a layer with weights right before this one, for
   * `init: 'auto'`: `glorot` before sigmoid and tanh, `he` before the ReLU family.
   */
  readonly initBefore?: 'he' | 'glorot';
  /**
   * Its role in the paper's notation (Sec. 2, Appendix A), for traces: `linear` is Z = W·A with
   * its first parameter as W, `activation` is A = g(Z). Without it a trace names its output H.
   */
  readonly notation?: 'linear' | 'activation';
}

/** The layer's label, or its class name where it gives none. */
export function layerLabel(layer: Layer): string {
  return layer.label ?? (layer.constructor?.name || 'Layer');
}

import type { Parameter, Tensor } from '@mfnet/tensor';

/**
 * A building block of a network (Sec. 3): it maps its input to an output in `forward`, and in
 * `backward` maps ∂J/∂output to ∂J/∂input, accumulating the gradients of its own parameters on
 * the way. Tensors are features × samples with row 0 the bias row of ones.
 *
 * `forward` may keep what `backward` needs (its input, say). Both may return tensors that the
 * layer owns and reuses on the next call with the same batch size, so copy an output you want
 * to keep past the next pass.
 */
export interface Layer {
  forward(x: Tensor): Tensor;
  backward(dOut: Tensor): Tensor;
  /** The layer's trainable tensors; names are local (`weight`), the network prefixes them. */
  parameters(): Parameter[];
}

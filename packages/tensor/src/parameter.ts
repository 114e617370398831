import type { Tensor } from './tensor.js';

/**
 * A trainable tensor and its gradient, as layers hand them to optimizers. It lives here, in
 * the package every other one depends on, so that layers and optimizers agree on it without
 * depending on each other.
 */
export interface Parameter {
  /** A stable name, such as `layers.0.weight`, used by state dicts and safetensors files. */
  readonly name: string;
  /** The values the optimizer updates in place. */
  readonly value: Tensor;
  /** ∂J/∂value, same shape; layers accumulate into it, `zeroGrad` clears it. */
  readonly grad: Tensor;
  /**
   * True for mfnet's augmented weights: row 0 is the fixed [1, 0 … 0] row that carries the
   * bias feature forward (Eq. 3.2). Its gradient is always zero; an optimizer must also keep
   * weight decay and any other update off it, so that it stays exactly [1, 0 … 0].
   */
  readonly fixedRow0: boolean;
}

import { formatShape, type Tensor } from '@mfnet/tensor';
import { StateDictError } from './errors.js';
import type { Linear } from './linear.js';

/**
 * The two parts of a Linear's augmented weight (Eq. 3.2), W = [1 0…0; b W̃], as other
 * frameworks store them: W̃ = W[1:, 1:] (nOut×nIn, row-major) and b = W[1:, 0] (nOut).
 * (Host copies: this is file and format conversion, not math.)
 */
export function splitAugmentedWeight(layer: Linear): { weight: Float64Array; bias: Float64Array } {
  const w = layer.weight.toTypedArray();
  const { nIn, nOut } = layer;
  const weight = new Float64Array(nOut * nIn);
  const bias = new Float64Array(nOut);
  for (let r = 0; r < nOut; r++) {
    const row = (r + 1) * (nIn + 1);
    bias[r] = w[row]!;
    for (let c = 0; c < nIn; c++) weight[r * nIn + c] = w[row + 1 + c]!;
  }
  return { weight, bias };
}

/**
 * The augmented weight [1 0…0; b W̃] of a Linear(nIn→nOut) from W̃ (nOut×nIn) and b (1×nOut
 * or nOut×1), as a row-major (nOut+1)×(nIn+1) host array. A shape that does not fit is a
 * `StateDictError` naming `what`.
 */
export function joinAugmentedWeight(
  what: { weight: string; bias: string },
  layer: Pick<Linear, 'nIn' | 'nOut'>,
  weight: Tensor,
  bias: Tensor,
): Float64Array {
  const { nIn, nOut } = layer;
  if (weight.rows !== nOut || weight.cols !== nIn) {
    throw new StateDictError(
      `'${what.weight}' has shape ${formatShape(weight.shape)}; the layer needs ${formatShape([nOut, nIn])} (out × in)`,
    );
  }
  if (bias.size !== nOut || (bias.rows !== 1 && bias.cols !== 1)) {
    throw new StateDictError(
      `'${what.bias}' has shape ${formatShape(bias.shape)}; the layer needs [${nOut}]`,
    );
  }
  const w = weight.toTypedArray();
  const b = bias.toTypedArray();
  const out = new Float64Array((nOut + 1) * (nIn + 1));
  out[0] = 1;
  for (let r = 0; r < nOut; r++) {
    const row = (r + 1) * (nIn + 1);
    out[row] = b[r]!;
    for (let c = 0; c < nIn; c++) out[row + 1 + c] = w[r * nIn + c]!;
  }
  return out;
}

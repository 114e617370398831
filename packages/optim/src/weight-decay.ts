import type { Parameter, Tensor } from '@mfnet/tensor';

/**
 * out ← g + λW, the L2 weight-decay gradient of SGD and Adam (as torch.optim computes it),
 * with row 0 of a `fixedRow0` parameter set to zero.
 *
 * The one place an optimizer knows about row 0: the gradient's row 0 is zero already (the
 * layer owns it, Linear by Eq. 3.5 with `zeroRow0`), and every update of SGD, momentum and
 * Adam maps a zero gradient row to a zero change; λW is the one term an optimizer adds itself,
 * and row 0 of an augmented weight is [1, 0 … 0] (Eq. 3.2), so λW's row 0 is [λ, 0 … 0].
 */
export function decayedGradient(p: Parameter, weightDecay: number, out: Tensor): Tensor {
  const b = p.value.backend;
  b.copy(p.grad, out);
  b.axpby(weightDecay, p.value, 1, out);
  if (p.fixedRow0) b.fill(out, 0, 0, 1);
  return out;
}

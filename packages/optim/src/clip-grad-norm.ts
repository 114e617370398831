import type { Parameter } from '@mfnet/tensor';
import { NonFiniteGradientError } from './errors.js';
import { positive } from './options.js';
import { collectParameters } from './parameters.js';

/**
 * The paper's clipping (Sec. 5.2), for one tensor: if ‖∂J/∂W‖ > maxNorm, the gradient is
 * scaled in place by maxNorm/‖∂J/∂W‖. Returns the norm before clipping.
 */
export function clipTensorNorm(owner: string, p: Parameter, maxNorm: number): number {
  const b = p.grad.backend;
  const norm = b.norm(p.grad);
  if (!Number.isFinite(norm)) throw new NonFiniteGradientError(owner, p.name, norm);
  if (norm > maxNorm) b.affine(p.grad, maxNorm / norm, 0, p.grad);
  return norm;
}

/**
 * Clips the global norm of all gradients, as PyTorch's `torch.nn.utils.clip_grad_norm_`:
 * with total = ‖(‖g₁‖, ‖g₂‖, …)‖₂, every gradient is scaled in place by
 * maxNorm / (total + 1e-6) when that factor is below 1. Returns the total norm before clipping.
 * A NaN or infinite gradient norm is a `NonFiniteGradientError` naming the parameter.
 *
 * @example
 * net.backward(loss.grad());
 * clipGradNorm(net.parameters(), 1.0);
 * optimizer.step();
 */
export function clipGradNorm(parameters: Iterable<Parameter>, maxNorm: number): number {
  const owner = 'clipGradNorm';
  positive(owner, 'maxNorm', maxNorm);
  const list = collectParameters(owner, parameters);
  let sumOfSquares = 0;
  let largest = 0;
  const norms = list.map((p) => {
    const norm = p.grad.backend.norm(p.grad);
    if (!Number.isFinite(norm)) throw new NonFiniteGradientError(owner, p.name, norm);
    sumOfSquares += norm * norm;
    largest = Math.max(largest, norm);
    return norm;
  });
  let total = Math.sqrt(sumOfSquares);
  if (!Number.isFinite(total)) {
    // Each norm is finite but their squares overflow: sum them scaled by the largest.
    total = largest * Math.sqrt(norms.reduce((acc, n) => acc + (n / largest) ** 2, 0));
  }
  const coefficient = maxNorm / (total + 1e-6);
  if (coefficient < 1) {
    for (const p of list) p.grad.backend.affine(p.grad, coefficient, 0, p.grad);
  }
  return total;
}

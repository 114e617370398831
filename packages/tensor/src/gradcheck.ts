import { formatShape, ShapeError, ValueError } from './errors.js';
import type { Tensor } from './tensor.js';

export interface GradcheckOptions {
  /** The finite-difference step. Default 1e-6 (float64); use ~1e-2 for float32. */
  eps?: number;
  /** Allowed |analytic − numeric| ≤ atol + rtol·|numeric|. Defaults 1e-6 and 1e-5. */
  atol?: number;
  rtol?: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** The largest |analytic − numeric| over all elements. */
  maxAbsError: number;
  /** Where the check failed worst (relative to its allowance), if anywhere. */
  worst?: { input: number; row: number; col: number; analytic: number; numeric: number };
  checked: number;
}

/**
 * Central finite-difference check of a gradient: for every element x of every input,
 * (f(x + ε) − f(x − ε)) / 2ε is compared with the analytic gradient. `f` must recompute the
 * scalar from the current contents of `inputs`; `analytic[i]` is ∂f/∂inputs[i], same shape.
 * Works on any backend: elements are perturbed through `read`/`write`, and the differences
 * are taken in float64 on the host.
 */
export function gradcheck(
  f: () => number,
  inputs: readonly Tensor[],
  analytic: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-6;
  const rtol = options.rtol ?? 1e-5;
  if (inputs.length !== analytic.length) {
    throw new ValueError(
      `gradcheck: ${inputs.length} inputs but ${analytic.length} analytic gradients`,
    );
  }
  let maxAbsError = 0;
  let worstRatio = 0;
  let worst: GradcheckResult['worst'];
  let checked = 0;
  inputs.forEach((x, input) => {
    const g = analytic[input]!;
    if (g.rows !== x.rows || g.cols !== x.cols) {
      throw new ShapeError(
        `gradcheck: input ${input} is ${formatShape(x.shape)}, its gradient ${formatShape(g.shape)}`,
      );
    }
    const grad = g.toTypedArray();
    const values = x.toTypedArray();
    for (let idx = 0; idx < values.length; idx++) {
      const original = values[idx]!;
      values[idx] = original + eps;
      x.backend.write(x, values);
      const plus = f();
      values[idx] = original - eps;
      x.backend.write(x, values);
      const minus = f();
      values[idx] = original;
      x.backend.write(x, values);
      const numeric = (plus - minus) / (2 * eps);
      const a = grad[idx]!;
      const err = Math.abs(a - numeric);
      const ratio = err / (atol + rtol * Math.abs(numeric));
      if (!Number.isFinite(numeric) || !Number.isFinite(a)) {
        throw new ValueError(
          `gradcheck: non-finite value at input ${input} [${Math.floor(idx / x.cols)}, ${idx % x.cols}]: analytic ${a}, numeric ${numeric}`,
        );
      }
      maxAbsError = Math.max(maxAbsError, err);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { input, row: Math.floor(idx / x.cols), col: idx % x.cols, analytic: a, numeric };
      }
      checked++;
    }
  });
  const result: GradcheckResult = { ok: worstRatio <= 1, maxAbsError, checked };
  if (worst !== undefined) result.worst = worst;
  return result;
}

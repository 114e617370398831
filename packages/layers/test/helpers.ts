import { type Backend, type DType, Rng, randn, type Tensor, tensor } from '@mfnet/tensor';
import { APPENDIX_A } from '@mfnet/tensor/testing';
import { Identity, Linear, NeuralNetwork } from '../src/index.js';

/**
 * A scalar objective computed through backend ops, so that gradients can be checked without a
 * losses package: J = Σ C ⊙ Ŷ², with ∂J/∂Ŷ = 2·C ⊙ Ŷ. C has a zero row 0, as a loss gradient
 * always does (the bias row is not a prediction).
 */
export function weightedSquares(c: Tensor): {
  value(yHat: Tensor): number;
  grad(yHat: Tensor): Tensor;
} {
  return {
    value: (yHat) => yHat.backend.dot(c, yHat.backend.unary('square', yHat)),
    grad: (yHat) => yHat.backend.affine(yHat.backend.binary('mul', c, yHat), 2),
  };
}

/** A random rows×cols C with row 0 zero. */
export function randomWeights(
  rows: number,
  cols: number,
  seed: number,
  dtype: DType = 'float64',
  backend?: Backend,
): Tensor {
  const options = backend === undefined ? { seed, dtype } : { seed, dtype, backend };
  const c = randn(rows, cols, options);
  return c.backend.fill(c, 0, 0, 1);
}

/** A random batch: features × samples with row 0 all ones. */
export function randomBatch(
  features: number,
  samples: number,
  seed: number,
  dtype: DType = 'float64',
  backend?: Backend,
): Tensor {
  const options = backend === undefined ? { seed, dtype } : { seed, dtype, backend };
  const x = randn(features + 1, samples, options);
  return x.backend.fill(x, 1, 0, 1);
}

/** A copy of `t` (layers return buffers they reuse). */
export function copyOf(t: Tensor): Tensor {
  return t.backend.copy(t, t.backend.zeros(t.rows, t.cols, t.dtype));
}

/** The network of the paper's Appendix A, with the corrected weights of spec-notes.md. */
export function appendixANetwork(dtype: DType = 'float64', backend?: Backend): NeuralNetwork {
  const common = backend === undefined ? { dtype } : { dtype, backend };
  return new NeuralNetwork([
    new Linear(2, 3, { ...common, weight: APPENDIX_A.W1 }),
    new Identity(),
    new Linear(3, 2, { ...common, weight: APPENDIX_A.W2 }),
    new Identity(),
    new Linear(2, 1, { ...common, weight: APPENDIX_A.W3 }),
    new Identity(),
  ]);
}

/** ∂J/∂Ŷ of MSE, (2/m)(Ŷ − Y) (Eq. 4.2), computed with backend ops. */
export function mseGradient(yHat: Tensor, y: Tensor): Tensor {
  const b = yHat.backend;
  return b.affine(b.binary('sub', yHat, y), 2 / yHat.cols);
}

/** MSE (Eq. 4.1), computed with backend ops: (1/m)·Σ(Ŷ − Y)². */
export function mse(yHat: Tensor, y: Tensor): number {
  const b = yHat.backend;
  const diff = b.binary('sub', yHat, y);
  return b.dot(diff, diff) / yHat.cols;
}

export function asTensor(
  data: readonly (readonly number[])[],
  dtype: DType,
  backend?: Backend,
): Tensor {
  return tensor(data, backend === undefined ? { dtype } : { dtype, backend });
}

export { Rng };

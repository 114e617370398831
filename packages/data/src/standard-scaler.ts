import { type DType, ShapeError, type Tensor, ValueError } from '@mfnet/tensor';
import { dtypeOf, type HostMatrix, isTensor, type MatrixInput, toHostMatrix } from './matrix.js';

/**
 * Standardises each column: (x − mean) / std, with the mean and the population standard
 * deviation (ddof 0) of the data given to `fit`, as scikit-learn's StandardScaler. A constant
 * column keeps scale 1. Fit on the training part only, then transform both parts.
 *
 * Works on m×n design matrices (samples as rows). Tensors in give Tensors out (same backend
 * and dtype); host matrices give host matrices.
 */
export class StandardScaler {
  private meanValues: Float64Array | undefined;
  private scaleValues: Float64Array | undefined;

  /** The column means learnt by `fit`. */
  get mean(): Float64Array {
    return this.fitted('mean').mean;
  }

  /** The column standard deviations learnt by `fit` (1 for a constant column). */
  get scale(): Float64Array {
    return this.fitted('scale').scale;
  }

  fit(X: MatrixInput): this {
    const x = toHostMatrix('StandardScaler.fit', 'X', X, 'float64');
    const [m, n] = x.shape;
    const mean = new Float64Array(n);
    const scale = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mean[j]! += x.data[i * n + j]!;
    for (let j = 0; j < n; j++) mean[j]! /= m;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const d = x.data[i * n + j]! - mean[j]!;
        scale[j]! += d * d;
      }
    }
    for (let j = 0; j < n; j++) {
      const std = Math.sqrt(scale[j]! / m);
      scale[j] = std > 0 ? std : 1;
    }
    this.meanValues = mean;
    this.scaleValues = scale;
    return this;
  }

  transform(X: Tensor): Tensor;
  transform(X: MatrixInput): HostMatrix;
  transform(X: MatrixInput): Tensor | HostMatrix {
    return this.apply('transform', X, standardise);
  }

  inverseTransform(X: Tensor): Tensor;
  inverseTransform(X: MatrixInput): HostMatrix;
  inverseTransform(X: MatrixInput): Tensor | HostMatrix {
    return this.apply('inverseTransform', X, unstandardise);
  }

  fitTransform(X: Tensor): Tensor;
  fitTransform(X: MatrixInput): HostMatrix;
  fitTransform(X: MatrixInput): Tensor | HostMatrix {
    return this.fit(X).apply('fitTransform', X, standardise);
  }

  private fitted(what: string): { mean: Float64Array; scale: Float64Array } {
    if (this.meanValues === undefined || this.scaleValues === undefined) {
      throw new ValueError(`StandardScaler.${what}: call fit(X) first`);
    }
    return { mean: this.meanValues, scale: this.scaleValues };
  }

  private apply(
    op: string,
    X: MatrixInput,
    f: (v: number, mean: number, scale: number) => number,
  ): Tensor | HostMatrix {
    const { mean, scale } = this.fitted(op);
    const dtype: DType = dtypeOf(X);
    const x = toHostMatrix(`StandardScaler.${op}`, 'X', X, dtype);
    const [m, n] = x.shape;
    if (n !== mean.length) {
      throw new ShapeError(
        `StandardScaler.${op}: X has ${n} columns, the scaler was fitted on ${mean.length}`,
      );
    }
    const out = x.data; // a private copy already
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) out[i * n + j] = f(out[i * n + j]!, mean[j]!, scale[j]!);
    }
    return isTensor(X) ? X.backend.fromHost(out, m, n, X.dtype) : x;
  }
}

const standardise = (v: number, mean: number, scale: number): number => (v - mean) / scale;
const unstandardise = (v: number, mean: number, scale: number): number => v * scale + mean;

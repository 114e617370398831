import type { Backend, DType, Tensor } from '@mfnet/tensor';
import { checkTargetDistribution, DEFAULT_TARGET_TOLERANCE } from './check-targets.js';
import { TargetError } from './errors.js';
import { BaseLoss } from './loss.js';

/** The probability floor before the log (Sec. 4.2): 1e-100, or float32's smallest normal number, since 1e-100 rounds to 0 in float32. */
const PROB_FLOOR_F64 = 1e-100;
const PROB_FLOOR_F32 = 2 ** -126;

interface CeWorkspace {
  [name: string]: Tensor;
  /** Z: the logits without the bias row, C×m. */
  logits: Tensor;
  /** Y: the targets without the bias row, C×m. */
  targets: Tensor;
  /** S = softmax(Z) per column, C×m (Eq. 4.4). */
  probs: Tensor;
  /** log S in forward; (S − Y)/m in grad. C×m. */
  work: Tensor;
  /** Per-column target sums and their distance from 1, 1×m. */
  colSums: Tensor;
  colDeviation: Tensor;
  /** The zero row prepended to the gradient, 1×m. */
  zeroRow: Tensor;
  /** ∂J/∂Ŷ, (C+1)×m. */
  grad: Tensor;
}

export interface CELossOptions {
  /** How far a target column's sum may stray from 1 before it is refused. Default 1e-6. */
  targetTolerance?: number;
}

/**
 * Cross-entropy with the softmax built in (Sec. 4.2). `forward(yHat, y)` takes the raw logits
 * Ŷ and the targets Y, both (C+1)×m with row 0 the bias row, which is dropped from both. Then,
 * per column, S = softmax(Z) (Eq. 4.4, computed with the column max subtracted, so logits of
 * ±1e4 are fine), S is clipped below at 1e-100 and
 *
 *     J = −(1/m) Σᵢ Σⱼ Yᵢⱼ log Sᵢⱼ                       (Eq. 4.3)
 *     ∂J/∂Z = (S − Y)/m                                  (spec-notes, slip 1; not S − Y/m)
 *
 * `grad()` returns ∂J/∂Z with a zero row 0 prepended, shaped like Ŷ. Targets may be one-hot or
 * any distribution per column; each column must be ≥ 0 and sum to 1, else a `TargetError`.
 * Do not put a softmax layer before this loss: it applies its own.
 */
export class CELoss extends BaseLoss<CeWorkspace> {
  private readonly targetTolerance: number;

  constructor(options: CELossOptions = {}) {
    super('CELoss');
    const tol = options.targetTolerance ?? DEFAULT_TARGET_TOLERANCE;
    if (!(tol >= 0) || !Number.isFinite(tol)) {
      throw new TargetError(
        `CELoss: targetTolerance must be a finite number ≥ 0, got ${String(tol)}`,
      );
    }
    this.targetTolerance = tol;
  }

  protected createWorkspace(b: Backend, dtype: DType, rows: number, cols: number): CeWorkspace {
    const classes = rows - 1;
    return {
      logits: b.zeros(classes, cols, dtype),
      targets: b.zeros(classes, cols, dtype),
      probs: b.zeros(classes, cols, dtype),
      work: b.zeros(classes, cols, dtype),
      colSums: b.zeros(1, cols, dtype),
      colDeviation: b.zeros(1, cols, dtype),
      zeroRow: b.zeros(1, cols, dtype),
      grad: b.zeros(rows, cols, dtype),
    };
  }

  protected computeLoss(ws: CeWorkspace, yHat: Tensor, y: Tensor): number {
    const b = yHat.backend;
    b.sliceRows(yHat, 1, yHat.rows, ws.logits);
    b.sliceRows(y, 1, y.rows, ws.targets);
    checkTargetDistribution(
      this.lossName,
      ws.targets,
      ws.colSums,
      ws.colDeviation,
      this.targetTolerance,
    );
    b.softmaxCols(ws.logits, ws.probs);
    const floor = yHat.dtype === 'float32' ? PROB_FLOOR_F32 : PROB_FLOOR_F64;
    b.clip(ws.probs, floor, 1, ws.work);
    b.unary('log', ws.work, ws.work);
    return -b.dot(ws.targets, ws.work) / yHat.cols;
  }

  protected computeGrad(ws: CeWorkspace): void {
    const b = ws.probs.backend;
    b.binary('sub', ws.probs, ws.targets, ws.work);
    b.affine(ws.work, 1 / ws.work.cols, 0, ws.work);
    b.concatRows(ws.zeroRow, ws.work, ws.grad);
  }
}

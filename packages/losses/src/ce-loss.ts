import type { Backend, DType, Tensor } from '@mfnet/tensor';
import { checkTargetFacts, DEFAULT_TARGET_TOLERANCE } from './check-targets.js';
import { TargetError } from './errors.js';
import { BaseLoss } from './loss.js';

/** The probability floor before the log (Sec. 4.2): 1e-100, or float32's smallest normal number, since 1e-100 rounds to 0 in float32. */
const PROB_FLOOR_F64 = 1e-100;
const PROB_FLOOR_F32 = 2 ** -126;

interface CeWorkspace {
  [name: string]: Tensor;
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
  /** Ŷ and Y of the last forward, for `grad` (the loss's contract: grad of that same batch). */
  private lastInputs: [Tensor, Tensor] | undefined;

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
    return { grad: b.zeros(rows, cols, dtype) };
  }

  /**
   * J through the backend's fused `crossEntropy`, which reads back the loss and the two facts
   * the target checks need in one go: the checks cost no extra read-back.
   */
  protected computeLoss(_ws: CeWorkspace, yHat: Tensor, y: Tensor): number {
    const floor = yHat.dtype === 'float32' ? PROB_FLOOR_F32 : PROB_FLOOR_F64;
    const { loss, minTarget, maxColumnDeviation } = yHat.backend.crossEntropy(yHat, y, floor);
    checkTargetFacts(this.lossName, y, minTarget, maxColumnDeviation, this.targetTolerance);
    this.lastInputs = [yHat, y];
    return loss;
  }

  protected computeGrad(ws: CeWorkspace): void {
    const [yHat, y] = this.lastInputs!;
    yHat.backend.crossEntropyGrad(yHat, y, ws.grad);
  }
}

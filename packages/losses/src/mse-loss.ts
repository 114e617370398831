import type { Backend, DType, Tensor } from '@mfnet/tensor';
import { BaseLoss } from './loss.js';

interface MseWorkspace {
  [name: string]: Tensor;
  /** Ŷ − Y with row 0 zeroed. */
  diff: Tensor;
  grad: Tensor;
}

/**
 * Mean squared error (Sec. 4.1): J = (1/m) Σᵢ ‖Ŷᵢ − Yᵢ‖² over the m samples (columns), Eq. 4.1,
 * with gradient ∂J/∂Ŷ = (2/m)(Ŷ − Y), Eq. 4.2.
 *
 * Row 0 (the bias row of ones in both Ŷ and Y) is no output, so it is left out of the sum (the
 * one `fill` of a step: it is part of J's definition, as the user's Y may hold anything there),
 * and the gradient's row 0 is exactly zero with it. The weights' row 0 does not depend on that:
 * the Linear layer owns it.
 *
 * @example
 * const loss = new MSELoss();
 * const j = loss.forward(yHat, y); // a number
 * net.backward(loss.grad());
 */
export class MSELoss extends BaseLoss<MseWorkspace> {
  constructor() {
    super('MSELoss');
  }

  protected createWorkspace(b: Backend, dtype: DType, rows: number, cols: number): MseWorkspace {
    return {
      diff: b.zeros(rows, cols, dtype),
      grad: b.zeros(rows, cols, dtype),
    };
  }

  protected computeLoss(ws: MseWorkspace, yHat: Tensor, y: Tensor): number {
    const b = yHat.backend;
    b.binary('sub', yHat, y, ws.diff);
    b.fill(ws.diff, 0, 0, 1);
    return b.dot(ws.diff, ws.diff) / yHat.cols;
  }

  protected computeGrad(ws: MseWorkspace): void {
    ws.diff.backend.affine(ws.diff, 2 / ws.diff.cols, 0, ws.grad);
  }
}

import { type Backend, type DType, ScratchPool, type Tensor, ValueError } from '@mfnet/tensor';
import { checkLossInputs } from './check-inputs.js';
import { NonFiniteLossError } from './errors.js';

/** Scratch tensors for one input shape, created once and reused by every later call. */
export type Workspace = Record<string, Tensor>;

/**
 * A loss function (Sec. 4): `forward` measures the error of a batch, `grad` gives
 * ∂J/∂Ŷ of that same batch, which starts the backward pass (Sec. 2).
 *
 * Tensors are outputs × samples with row 0 the bias row of ones (in both Ŷ and Y); row 0 is
 * ignored by the loss and its gradient row is zero (the loss's definition; a custom loss need
 * not zero it for the weights' sake, the Linear layer keeps its own row 0 fixed).
 */
export interface Loss {
  /** J(Ŷ, Y) for the batch; throws `NonFiniteLossError` if it is NaN or infinite. */
  forward(yHat: Tensor, y: Tensor): number;
  /**
   * ∂J/∂Ŷ of the last `forward`, shaped like Ŷ. The tensor is the loss's own scratch: it is
   * overwritten by the next `forward` of the same shape, so copy it to keep it.
   */
  grad(): Tensor;
  /**
   * The step number the next `forward` reports in a `NonFiniteLossError`; each `forward` adds
   * one. Set it from the training loop (`loss.step = epoch * batches + i`) to report your own.
   */
  step: number;
}

/** What both losses share: input checks, the step counter, scratch reuse and the NaN guard. */
export abstract class BaseLoss<W extends Workspace & { grad: Tensor }> implements Loss {
  step = 0;
  /** Per input backend, dtype and shape (the shared ScratchPool policy). */
  private readonly workspaces: ScratchPool<W>;
  private last: W | undefined;
  private gradReady = false;

  protected constructor(protected readonly lossName: string) {
    this.workspaces = new ScratchPool((backend, dtype, rows, cols) =>
      this.createWorkspace(backend, dtype, rows, cols),
    );
  }

  forward(yHat: Tensor, y: Tensor): number {
    const step = this.step++;
    this.last = undefined;
    checkLossInputs(this.lossName, yHat, y);
    const ws = this.workspaces.get(yHat.backend, yHat.dtype, yHat.rows, yHat.cols);
    const j = this.computeLoss(ws, yHat, y);
    if (!Number.isFinite(j)) throw new NonFiniteLossError(this.lossName, j, step);
    this.last = ws;
    this.gradReady = false;
    return j;
  }

  grad(): Tensor {
    if (this.last === undefined) {
      throw new ValueError(
        `${this.lossName}.grad: there is no gradient yet; call forward(yHat, y) first (a forward ` +
          'that threw leaves none)',
      );
    }
    if (!this.gradReady) {
      this.computeGrad(this.last);
      this.gradReady = true;
    }
    return this.last.grad;
  }

  /** The scratch tensors for rows×cols inputs; must include `grad`, rows×cols. */
  protected abstract createWorkspace(b: Backend, dtype: DType, rows: number, cols: number): W;
  /** J for the batch, leaving in `ws` whatever `computeGrad` needs. */
  protected abstract computeLoss(ws: W, yHat: Tensor, y: Tensor): number;
  /** Fills `ws.grad` with ∂J/∂Ŷ of the batch `computeLoss` last saw. */
  protected abstract computeGrad(ws: W): void;
}

import type { Backend, CrossEntropyResult } from '../backend.js';
import type { Tensor } from '../tensor.js';

/** The scratch of one (dtype, shape): rows 1… of the inputs, log S or (S − Y)/m, column sums. */
interface Scratch {
  z: Tensor;
  y: Tensor;
  work: Tensor;
  colSums: Tensor;
  zeroRow: Tensor;
}

/** How many batch shapes keep their scratch (full batch, last partial batch, evaluation …). */
const SHAPES_KEPT = 4;

/**
 * `crossEntropy` and `crossEntropyGrad` composed from a backend's own kernels, in the order
 * CELoss has always run them, so that float64 results stay bit for bit what they were. The
 * scratch tensors are kept per shape (a few shapes, the oldest dropped), so that a training
 * step allocates nothing.
 */
export class ComposedCrossEntropy {
  private readonly scratch = new Map<string, Scratch>();

  /** Rows 1… of both inputs, the target facts, softmax, clip at the floor, log, −Y·log S / m. */
  loss(b: Backend, logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult {
    const s = this.scratchFor(b, logits);
    b.sliceRows(logits, 1, logits.rows, s.z);
    b.sliceRows(targets, 1, targets.rows, s.y);
    const minTarget = b.min(s.y);
    b.sumCols(s.y, s.colSums);
    b.affine(s.colSums, 1, -1, s.colSums);
    const maxColumnDeviation = b.max(b.unary('abs', s.colSums, s.colSums));
    b.softmaxCols(s.z, s.work); // Eq. 4.4
    b.clip(s.work, floor, 1, s.work);
    b.unary('log', s.work, s.work);
    return { loss: -b.dot(s.y, s.work) / logits.cols, minTarget, maxColumnDeviation }; // Eq. 4.3
  }

  /** [0; (softmax(Z) − Y)/m] into `out` (spec-notes, slip 1). */
  grad(b: Backend, logits: Tensor, targets: Tensor, out: Tensor): Tensor {
    const s = this.scratchFor(b, logits);
    b.sliceRows(logits, 1, logits.rows, s.z);
    b.sliceRows(targets, 1, targets.rows, s.y);
    b.softmaxCols(s.z, s.work);
    b.binary('sub', s.work, s.y, s.work);
    b.affine(s.work, 1 / logits.cols, 0, s.work);
    return b.concatRows(s.zeroRow, s.work, out);
  }

  /** `b` is the backend as the caller sees it (a wrapper of it may own the tensors). */
  private scratchFor(b: Backend, like: Tensor): Scratch {
    const { rows, cols, dtype } = like;
    const key = `${dtype}:${rows}x${cols}`;
    let s = this.scratch.get(key);
    if (s !== undefined && s.z.backend !== like.backend) {
      this.scratch.delete(key);
      s = undefined;
    }
    if (s === undefined) {
      const classes = (): Tensor => b.zeros(rows - 1, cols, dtype);
      s = {
        z: classes(),
        y: classes(),
        work: classes(),
        colSums: b.zeros(1, cols, dtype),
        zeroRow: b.zeros(1, cols, dtype),
      };
      this.scratch.set(key, s);
      if (this.scratch.size > SHAPES_KEPT) {
        const oldest = this.scratch.keys().next().value as string;
        for (const t of Object.values(this.scratch.get(oldest)!)) b.dispose(t);
        this.scratch.delete(oldest);
      }
    }
    return s;
  }
}

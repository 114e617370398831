import type { Backend, CrossEntropyResult } from './backend.js';
import { ScratchPool } from './scratch-pool.js';
import type { Tensor } from './tensor.js';

/** The scratch of one (dtype, shape): rows 1… of the inputs, log S or (S − Y)/m, column sums. */
interface Scratch {
  z: Tensor;
  y: Tensor;
  work: Tensor;
  colSums: Tensor;
  zeroRow: Tensor;
}

/**
 * `crossEntropy` and `crossEntropyGrad` composed from the door's other ops, in the order CELoss
 * has always run them (so that float64 results stay bit for bit what they were): what the door
 * runs for kernels that have no fused `crossEntropy` (the CPU backend among them). The scratch
 * lives in a ScratchPool, so that a training step allocates nothing and an evicted shape's
 * tensors are disposed.
 */
export class ComposedCrossEntropy {
  private readonly scratch = new ScratchPool<Scratch>((b, dtype, rows, cols) => ({
    z: b.zeros(rows - 1, cols, dtype),
    y: b.zeros(rows - 1, cols, dtype),
    work: b.zeros(rows - 1, cols, dtype),
    colSums: b.zeros(1, cols, dtype),
    zeroRow: b.zeros(1, cols, dtype),
  }));

  /** Rows 1… of both inputs, the target facts, softmax, clip at the floor, log, −Y·log S / m. */
  loss(b: Backend, logits: Tensor, targets: Tensor, floor: number): CrossEntropyResult {
    const s = this.scratch.get(b, logits.dtype, logits.rows, logits.cols);
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
  grad(b: Backend, logits: Tensor, targets: Tensor, out: Tensor): void {
    const s = this.scratch.get(b, logits.dtype, logits.rows, logits.cols);
    b.sliceRows(logits, 1, logits.rows, s.z);
    b.sliceRows(targets, 1, targets.rows, s.y);
    b.softmaxCols(s.z, s.work);
    b.binary('sub', s.work, s.y, s.work);
    b.affine(s.work, 1 / logits.cols, 0, s.work);
    b.concatRows(s.zeroRow, s.work, out);
  }
}

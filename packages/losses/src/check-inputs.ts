import {
  BackendError,
  DTypeError,
  expectTensor,
  formatShape,
  ShapeError,
  type Tensor,
} from '@mfnet/tensor';

/**
 * Checks the (prediction, target) pair every loss takes: same shape, and at least two rows,
 * since row 0 is the bias row of ones that the DataLoader prepends to X and Y (Sec. 3.1.1) and
 * carries no target.
 */
export function checkLossInputs(loss: string, yHat: Tensor, y: Tensor): void {
  expectTensor(`${loss}.forward`, 'yHat', yHat);
  expectTensor(`${loss}.forward`, 'y', y);
  if (yHat.backend !== y.backend) {
    throw new BackendError(
      `${loss}.forward: yHat is on backend '${yHat.backend.name}' but y is on '${y.backend.name}'; ` +
        'put both on one backend (backend.fromHost(t.toTypedArray(), ...t.shape))',
    );
  }
  if (yHat.dtype !== y.dtype) {
    throw new DTypeError(
      `${loss}.forward: yHat is ${yHat.dtype} but y is ${y.dtype}; give both the same dtype`,
    );
  }
  if (yHat.rows !== y.rows || yHat.cols !== y.cols) {
    throw new ShapeError(
      `${loss}.forward: the prediction yHat is ${formatShape(yHat.shape)} but the target y is ` +
        `${formatShape(y.shape)}; they must have the same shape (outputs+1 rows × samples columns)`,
    );
  }
  if (yHat.rows < 2) {
    throw new ShapeError(
      `${loss}.forward: yHat is ${formatShape(yHat.shape)}, but row 0 is the bias row of ones, so ` +
        'a prediction needs at least 2 rows (features × samples with the ones row on top)',
    );
  }
}

import { type ByteMatrix, DataLoader, type HostMatrix } from '@mfnet/data';
import type { NeuralNetwork } from '@mfnet/layers';
import type { Backend, DType } from '@mfnet/tensor';

/**
 * The network's outputs for every row of X (m×n, row-major), in chunks of `chunk` samples,
 * as an m×k row-major host array (the bias row dropped). Evaluation reads back only these; X
 * is read a chunk at a time (a ByteMatrix stays bytes), so the test set is never widened whole.
 */
export function predict(
  net: NeuralNetwork,
  X: HostMatrix | ByteMatrix,
  outputs: number,
  options: { backend: Backend; dtype: DType; chunk?: number },
): Float64Array {
  const [m] = X.shape;
  const none = { data: new Float64Array(m), shape: [m, 1] as [number, number] };
  const loader = new DataLoader(X, none, {
    batchSize: options.chunk ?? 2000,
    shuffle: false,
    backend: options.backend,
    dtype: options.dtype,
  });
  const result = new Float64Array(m * outputs);
  for (const { x, indices } of loader.batches(0)) {
    const out = net.forward(x).toTypedArray();
    const cols = x.cols;
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < outputs; k++)
        result[indices[c]! * outputs + k] = out[(k + 1) * cols + c]!;
    }
  }
  return result;
}

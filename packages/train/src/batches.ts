import type { Tensor } from '@mfnet/tensor';

/**
 * A (rows+1)×b tensor in mfnet's layout (row 0 the bias row, a sample per column) read back as
 * b×rows sample-major host values, the bias row dropped.
 */
export function sampleMajor(t: Tensor): { values: Float64Array; samples: number; width: number } {
  const host = t.toTypedArray();
  const samples = t.cols;
  const width = t.rows - 1;
  const values = new Float64Array(samples * width);
  for (let r = 0; r < width; r++) {
    const row = (r + 1) * samples;
    for (let c = 0; c < samples; c++) values[c * width + r] = host[row + c]!;
  }
  return { values, samples, width };
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Times `work` as a benchmark: `warmup` untimed calls, then `runs` samples, each sample
 * repeating `work` until at least `minSampleMs` have passed (so tiny kernels are not lost in
 * timer noise). Returns the median seconds per call.
 */
export function timeMedian(
  work: () => void,
  {
    warmup = 2,
    runs = 5,
    minSampleMs = 50,
  }: { warmup?: number; runs?: number; minSampleMs?: number } = {},
): number {
  for (let i = 0; i < warmup; i++) work();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      work();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minSampleMs);
    samples.push(elapsed / 1000 / calls);
  }
  return median(samples);
}

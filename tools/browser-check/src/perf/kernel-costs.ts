import { GPU } from 'gpu.js';

/** What one gpu.js kernel call costs on this GL, in microseconds (medians of a few repeats). */
export interface KernelCosts {
  engine: string;
  /** A 64-element copy kernel, pipeline + immutable (a new output texture per call). */
  smallImmutableUs: number;
  /** The same kernel, pipeline + mutable (gpu.js reuses its output texture). */
  smallMutableUs: number;
  /** A 785×64-element copy kernel, immutable and mutable. */
  largeImmutableUs: number;
  largeMutableUs: number;
  /** One kernel call plus reading its 1-element result back (readPixels). */
  readOneUs: number;
  /** Reading back the 785×64 result. */
  readLargeUs: number;
  /** Uploading a 785×64 Float32Array as a kernel argument (a copy kernel). */
  uploadLargeUs: number;
}

const COPY = 'function (a) { return a[this.thread.x]; }';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

type Run = (...args: unknown[]) => { delete?: () => void; toArray?: () => ArrayLike<number> };

/** µs per call of `body`, timed over `n` calls ending in one 1-element read (so the GL work is done). */
function perCall(n: number, body: () => void, sync: () => void): number {
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    sync();
    const start = performance.now();
    for (let i = 0; i < n; i++) body();
    sync();
    times.push(((performance.now() - start) * 1e3) / n);
  }
  return median(times);
}

export function measureKernelCosts(): KernelCosts {
  const gpu = new GPU({ mode: 'webgl2' });
  const make = (size: number, immutable: boolean): Run =>
    gpu.createKernel(COPY, {
      output: [size],
      pipeline: true,
      immutable,
      precision: 'single',
      tactic: 'precision',
    }) as unknown as Run;
  const small = 64;
  const large = 785 * 64;
  const smallData = new Float32Array(small).fill(1);
  const largeData = new Float32Array(large).fill(1);
  const readOne = make(1, true);
  const upSmall = make(small, true);
  const upLarge = make(large, true);
  const seedSmall = upSmall(smallData);
  const seedLarge = upLarge(largeData);
  const sync = (): void => {
    const t = readOne(seedSmall);
    t.toArray?.();
    t.delete?.();
  };
  const smallImm = make(small, true);
  const smallMut = make(small, false);
  const largeImm = make(large, true);
  const largeMut = make(large, false);
  const n = 400;
  const smallImmutableUs = perCall(n, () => smallImm(seedSmall).delete?.(), sync);
  const smallMutableUs = perCall(n, () => smallMut(seedSmall), sync);
  const largeImmutableUs = perCall(n / 4, () => largeImm(seedLarge).delete?.(), sync);
  const largeMutableUs = perCall(n / 4, () => largeMut(seedLarge), sync);
  const readOneUs = perCall(
    100,
    () => {
      const t = readOne(seedSmall);
      t.toArray?.();
      t.delete?.();
    },
    sync,
  );
  const readLargeUs = perCall(
    20,
    () => {
      const t = largeImm(seedLarge);
      t.toArray?.();
      t.delete?.();
    },
    sync,
  );
  const uploadLargeUs = perCall(50, () => upLarge(largeData).delete?.(), sync);
  const result: KernelCosts = {
    engine: 'webgl2',
    smallImmutableUs,
    smallMutableUs,
    largeImmutableUs,
    largeMutableUs,
    readOneUs,
    readLargeUs,
    uploadLargeUs,
  };
  void gpu.destroy();
  return result;
}

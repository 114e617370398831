import { GPU, type IGPUKernelSettings } from 'gpu.js';

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

/** Prototype: scalar matmul vs K-packed (vec4) matmul, ms per call. */
export function measureMatmul(): Record<string, number> {
  const gpu = new GPU({ mode: 'webgl2' });
  const M = 129;
  const K = 785;
  const N = 64;
  const K4 = Math.ceil(K / 4);
  const opts = {
    pipeline: true,
    immutable: true,
    precision: 'single' as const,
    tactic: 'precision' as const,
  };
  const up = (n: number) => gpu.createKernel(COPY, { ...opts, output: [n] }) as unknown as Run;
  const a = up(M * K)(new Float32Array(M * K).map((_, i) => (i % 7) - 3));
  const b = up(K * N)(new Float32Array(K * N).map((_, i) => (i % 5) - 2));
  const scalar = gpu.createKernel(
    `function (a, b) {
  let i = this.thread.x;
  let r = Math.floor((i + 0.5) / ${N}.0);
  let c = i - r * ${N}.0;
  let s = 0.0;
  for (let k = 0; k < ${K}; k++) { s += a[r * ${K}.0 + k] * b[k * ${N}.0 + c]; }
  return s;
}`,
    { ...opts, output: [M * N] },
  ) as unknown as Run;
  // A packed along K: texel (r, k4) = A[r, 4k4 .. 4k4+3]
  const packA = gpu.createKernel(
    `function (a) {
  let i = this.thread.x;
  let r = Math.floor((i + 0.5) / ${K4}.0);
  let k = (i - r * ${K4}.0) * 4.0;
  let base = r * ${K}.0 + k;
  let v0 = a[base];
  let v1 = 0.0; let v2 = 0.0; let v3 = 0.0;
  if (k + 1.0 < ${K}.0) { v1 = a[base + 1.0]; }
  if (k + 2.0 < ${K}.0) { v2 = a[base + 2.0]; }
  if (k + 3.0 < ${K}.0) { v3 = a[base + 3.0]; }
  return [v0, v1, v2, v3];
}`,
    { ...opts, output: [M * K4], returnType: 'Array(4)' } as IGPUKernelSettings,
  ) as unknown as Run;
  // B packed along K, per column: texel (c, k4) = B[4k4 .. 4k4+3, c]
  const packB = gpu.createKernel(
    `function (b) {
  let i = this.thread.x;
  let c = Math.floor((i + 0.5) / ${K4}.0);
  let k = (i - c * ${K4}.0) * 4.0;
  let v0 = b[k * ${N}.0 + c];
  let v1 = 0.0; let v2 = 0.0; let v3 = 0.0;
  if (k + 1.0 < ${K}.0) { v1 = b[(k + 1.0) * ${N}.0 + c]; }
  if (k + 2.0 < ${K}.0) { v2 = b[(k + 2.0) * ${N}.0 + c]; }
  if (k + 3.0 < ${K}.0) { v3 = b[(k + 3.0) * ${N}.0 + c]; }
  return [v0, v1, v2, v3];
}`,
    { ...opts, output: [N * K4], returnType: 'Array(4)' } as IGPUKernelSettings,
  ) as unknown as Run;
  const packed = gpu.createKernel(
    `function (pa, pb) {
  let i = this.thread.x;
  let r = Math.floor((i + 0.5) / ${N}.0);
  let c = i - r * ${N}.0;
  let s = 0.0;
  for (let k = 0; k < ${K4}; k++) {
    let x = pa[r * ${K4}.0 + k];
    let y = pb[c * ${K4}.0 + k];
    s += x[0] * y[0] + x[1] * y[1] + x[2] * y[2] + x[3] * y[3];
  }
  return s;
}`,
    { ...opts, output: [M * N] },
  ) as unknown as Run;
  const readOne = gpu.createKernel(COPY, { ...opts, output: [1] }) as unknown as Run;
  const sync = (): void => {
    const t = readOne(a);
    t.toArray?.();
    t.delete?.();
  };
  // correctness
  const s0 = scalar(a, b);
  const pa0 = packA(a);
  const pb0 = packB(b);
  const p0 = packed(pa0, pb0);
  const x = s0.toArray?.() as Float32Array;
  const y = p0.toArray?.() as Float32Array;
  let maxDiff = 0;
  for (let i = 0; i < x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(x[i]! - y[i]!));
  const ms = (f: () => void) => perCall(10, f, sync) / 1e3;
  const result = {
    maxDiff,
    scalarMs: ms(() => scalar(a, b).delete?.()),
    packAMs: ms(() => packA(a).delete?.()),
    packBMs: ms(() => packB(b).delete?.()),
    packedMs: ms(() => packed(pa0, pb0).delete?.()),
  };
  void gpu.destroy();
  return result;
}

import { afterEach, describe, expect, it } from 'vitest';
import { GPUJS_ENGINES, GpujsBackend, MAX_ELEMENTS } from '../src/gpujs/index.js';
import {
  BackendError,
  checkedBackend,
  DTypeError,
  getBackend,
  listBackends,
  ShapeError,
  setBackend,
  type Tensor,
  ValueError,
} from '../src/index.js';

/** The engine gpu.js itself says runs the kernels (its Kernel class's mode). */
function gpuJsMode(b: GpujsBackend): unknown {
  return (b.gpu as unknown as { Kernel: { mode: unknown } }).Kernel.mode;
}

describe('gpujs backend: engines', () => {
  const previous = getBackend();
  afterEach(() => {
    setBackend(previous);
  });

  it('importing @mfnet/tensor/gpujs registers it, and setBackend picks it by name', () => {
    expect(listBackends()).toContain('gpujs');
    const b = setBackend('gpujs', { engine: 'cpu' });
    expect(b.raw).toBeInstanceOf(GpujsBackend);
    expect(b.defaultDType).toBe('float32');
    expect((b.raw as GpujsBackend).engine).toBe('cpu');
    expect(getBackend()).toBe(b);
  });

  it('texelFetch (GLSL ES 3.0) is refused on an engine other than webgl2, naming it', () => {
    expect(() => new GpujsBackend({ engine: 'cpu', texelFetch: true })).toThrow(ValueError);
    expect(() => new GpujsBackend({ engine: 'cpu', texelFetch: true })).toThrow(/'cpu'/);
    // false (gpu.js's own kernels) is fine anywhere.
    expect(new GpujsBackend({ engine: 'cpu', texelFetch: false }).engine).toBe('cpu');
  });

  it('auto picks the best engine that works and reports the one gpu.js actually runs', () => {
    const b = new GpujsBackend();
    expect(GPUJS_ENGINES).toContain(b.engine);
    expect(gpuJsMode(b)).toBe(b.engine);
    // Every engine ranked above the chosen one was tried and passed over, with a reason.
    expect(b.skippedEngines).toHaveLength(GPUJS_ENGINES.indexOf(b.engine));
    // Node without the native gl package and without a browser: no GL engine can work.
    expect(['headlessgl', 'webasm']).toContain(b.engine);
  });

  it.each(['cpu', 'webasm'] as const)('engine %s is the one asked for', (engine) => {
    const b = new GpujsBackend({ engine });
    expect(b.engine).toBe(engine);
    expect(gpuJsMode(b)).toBe(engine);
  });

  it('an engine that is not here is a BackendError naming it', () => {
    expect(() => new GpujsBackend({ engine: 'webgl2' })).toThrow(BackendError);
    expect(() => new GpujsBackend({ engine: 'webgl2' })).toThrow(/webgl2/);
  });

  it('asynchronous and unknown engines are refused with a ValueError', () => {
    expect(() => setBackend('gpujs', { engine: 'webgpu' })).toThrow(ValueError);
    expect(() => setBackend('gpujs', { engine: 'webgpu' })).toThrow(/asynchronously/);
    expect(() => setBackend('gpujs', { engine: 'quantum' })).toThrow(/unknown engine "quantum"/);
  });
});

describe.each(['cpu', 'webasm'] as const)('gpujs backend on %s', (engine) => {
  const raw = new GpujsBackend({ engine });
  const b = checkedBackend(raw);

  it('stores float32 only: float64 is a DTypeError that says so', () => {
    expect(b.dtypes).toEqual(['float32']);
    expect(() => b.zeros(2, 2, 'float64')).toThrow(DTypeError);
    expect(() => b.zeros(2, 2, 'float64')).toThrow(/float32 only/);
    expect(() => b.fromHost([1, 2], 1, 2, 'float64')).toThrow(/float32 only/);
    // Without a dtype it makes float32.
    expect(b.zeros(2, 2).dtype).toBe('float32');
  });

  it('refuses a tensor past 2^24 elements with a ShapeError, before allocating', () => {
    const before = raw.stats().kernelRuns;
    expect(() => b.zeros(4097, 4097)).toThrow(ShapeError);
    expect(() => b.zeros(1, MAX_ELEMENTS + 1)).toThrow(`at most ${MAX_ELEMENTS} per tensor`);
    const x = b.zeros(4097, 1);
    expect(() => b.matmul(x, x, { transB: true })).toThrow(/matmul.*4097×4097/);
    // No kernel ran: not even zeros(4097, 1), whose zeros are made when a kernel first reads them.
    expect(raw.stats().kernelRuns).toBe(before);
  });

  it('a tensor used after dispose is a BackendError', () => {
    const t = b.fromHost([1, 2, 3], 1, 3);
    b.dispose(t);
    expect(() => b.read(t)).toThrow(/after dispose/);
    expect(() => b.sum(t)).toThrow(BackendError);
  });

  it('a training step compiles its kernels once, then reads back only the loss', () => {
    // x: 4 features + bias row, 8 samples; W: [1, 0…] row 0 then 3 outputs; softmax + CE-like
    // loss through backend ops only, then an SGD step in place.
    const x = b.fromHost(
      Array.from({ length: 5 * 8 }, (_, i) => (i < 8 ? 1 : Math.sin(i))),
      5,
      8,
    );
    const y = b.fromHost(
      Array.from({ length: 4 * 8 }, (_, i) => (i < 8 ? 1 : (i % 3) / 2)),
      4,
      8,
    );
    const w = b.fromHost(
      Array.from({ length: 4 * 5 }, (_, i) => (i === 0 ? 1 : i < 5 ? 0 : Math.cos(i) / 3)),
      4,
      5,
    );
    const z = b.zeros(4, 8);
    const a = b.zeros(4, 8);
    const p = b.zeros(4, 8);
    const dz = b.zeros(4, 8);
    const gw = b.zeros(4, 5);
    const step = (): number => {
      // Forward: Z = W·X, A = tanh(Z) on rows 1…; loss Σ(A − Y)²; P = softmax(A) as a metric.
      b.matmul(w, x, {}, z);
      b.activation('tanh', z, a);
      b.softmaxCols(a, p);
      b.binary('sub', a, y, dz);
      const loss = b.dot(dz, dz);
      // Backward: dZ = 2(A − Y) ⊙ tanh′(Z), ∂L/∂W = dZ·Xᵀ, row 0 fixed; SGD in place.
      b.affine(dz, 2, 0, dz);
      b.activationGrad('tanh', z, dz, dz);
      b.matmul(dz, x, { transB: true }, gw);
      b.fill(gw, 0, 0, 1);
      b.axpby(-0.05, gw, 1, w);
      return loss;
    };
    const first = step();
    const warm = raw.stats();
    const losses = [first];
    for (let i = 0; i < 5; i++) losses.push(step());
    const after = raw.stats();
    expect(after.kernelsCompiled).toBe(warm.kernelsCompiled);
    expect(after.uploads).toBe(warm.uploads);
    expect(after.reads - warm.reads).toBe(5);
    expect(after.elementsRead - warm.elementsRead).toBe(5);
    expect(losses[5]!).toBeLessThan(losses[0]!);
    // Row 0 of W stayed [1, 0 …] (its gradient row was zeroed).
    expect(Array.from(b.read(w).subarray(0, 5))).toEqual([1, 0, 0, 0, 0]);
  });

  it('out may be an input: results go to a fresh buffer that replaces it', () => {
    const t = b.fromHost([1, 2, 3, 4], 2, 2);
    b.binary('mul', t, t, t);
    b.affine(t, 2, 1, t);
    b.axpby(1, t, 1, t);
    expect(Array.from(b.read(t))).toEqual([6, 18, 38, 66]);
  });

  it('norm does not overflow or underflow float32', () => {
    const big: Tensor = b.fromHost([3e30, 4e30], 1, 2);
    expect(b.norm(big)).toBeCloseTo(5e30, -25);
    const tiny = b.fromHost([3e-30, 4e-30], 2, 1);
    expect(b.norm(tiny) / 5e-30).toBeCloseTo(1, 5);
  });
});

describe('gpujs kernel cache', () => {
  it('keys kernels by the sizes of their inputs as well as the output', () => {
    // Two slices with the same offset and output size, from inputs of different sizes: one
    // compiled kernel each (gpu.js bakes argument sizes in), both right.
    const raw = new GpujsBackend({ engine: 'webasm' });
    const b = checkedBackend(raw);
    const tall = b.fromHost([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 6, 2);
    const short = b.fromHost([21, 22, 23, 24, 25, 26], 3, 2);
    expect(Array.from(b.read(b.sliceRows(tall, 1, 2)))).toEqual([3, 4]);
    // Uploaded now (a write is uploaded by the first kernel that reads it), not in the count.
    b.read(short);
    const compiled = raw.stats().kernelsCompiled;
    expect(Array.from(b.read(b.sliceRows(short, 1, 2)))).toEqual([23, 24]);
    expect(raw.stats().kernelsCompiled).toBe(compiled + 1);
    expect(Array.from(b.read(b.sliceRows(tall, 1, 2)))).toEqual([3, 4]);
    expect(raw.stats().kernelsCompiled).toBe(compiled + 1);
  });
});

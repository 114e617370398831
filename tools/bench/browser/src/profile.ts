import { MfnetRunner } from '../../src/runners/mfnet.js';
import { randomMnistWorkload } from './workload.js';

/**
 * Where an mfnet gpu.js training step spends its time, kernel by kernel, and what gpu.js costs
 * per kernel call (issue 10). Every kernel launch of the backend is repeated `repeats` times
 * after its own run and timed twice: the JavaScript calls alone (gpu.js binds the arguments,
 * swaps the output texture and queues the draw), and the calls up to a fence (a 1-pixel
 * readPixels, which waits for the GPU); the fence's own cost, measured on an idle GL, is
 * subtracted. (The page's timer has 0.1 ms steps: it is not cross-origin isolated.)
 */

export interface KernelProfile {
  /** Position in the step, and a name made from the kernel's GLSL function or source. */
  index: number;
  name: string;
  output: string;
  /** Medians over the profiled steps, in ms per call: JavaScript alone, and up to the fence. */
  callMs: number;
  gpuMs: number;
}

export interface OverheadProfile {
  /** ms per call of a 1-element gpu.js kernel, results released (gpu.js reuses its texture). */
  gpujsCallReuse: number;
  /** The same with every result kept until the end (a new output texture per call). */
  gpujsCallNewTexture: number;
  /** ms per draw of the same 1-pixel shader in raw WebGL2 (program, texture, uniform, draw). */
  rawDraw: number;
  /** ms of the fence (readPixels of one pixel) on an idle GL. */
  fence: number;
}

export interface ProfileResult {
  kernels: KernelProfile[];
  /** ms of a step without fences, median of the timed steps. */
  stepMs: number;
  kernelsPerStep: number;
  overhead: OverheadProfile;
  renderer: string;
  /** The backend's counters after the profile. */
  stats: unknown;
}

type Launch = (this: unknown, ...args: unknown[]) => unknown;

interface RawBackend {
  gpu: { context: WebGL2RenderingContext; createKernel: (...a: unknown[]) => unknown };
  launch: Launch;
  release(value: unknown): void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function fence(gl: WebGL2RenderingContext): void {
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, new Float32Array(4));
}

function kernelName(source: string, natives: readonly { name: string }[]): string {
  if (natives.length > 0) return natives.map((n) => n.name).join('+');
  const body = source.replace(/\s+/g, ' ').replace(/^function \(/, '(');
  return body.slice(0, 70);
}

export async function profile({ steps = 20, repeats = 10 } = {}): Promise<ProfileResult> {
  const { createGpujsBackend } = await import('@mfnet/tensor/gpujs');
  const backend = createGpujsBackend({ engine: 'webgl2' });
  const raw = backend.raw as unknown as RawBackend;
  const gl = raw.gpu.context;
  const work = randomMnistWorkload(steps + 20);
  const runner = new MfnetRunner(backend, 'float32');
  const { net, loss, optimizer, loader } = runner.setup(work);
  const batches = loader.batches(0)[Symbol.iterator]();
  const step = () => {
    const { x, y } = batches.next().value!;
    net.zeroGrad();
    loss.forward(net.forward(x), y);
    net.backward(loss.grad(), { inputGradient: false });
    optimizer.step();
  };
  for (let i = 0; i < 10; i++) step();
  fence(gl);

  // Steps without fences, for the step time.
  const stepTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    step();
    fence(gl);
    stepTimes.push(performance.now() - t0);
  }

  const fenceTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    fence(gl);
    fenceTimes.push(performance.now() - t0);
  }
  const fenceMs = median(fenceTimes);

  const original = raw.launch;
  const perIndex: { name: string; output: string; call: number[]; gpu: number[] }[] = [];
  let index = 0;
  raw.launch = function (this: unknown, ...args: unknown[]) {
    const [source, output, , , natives] = args as [
      string,
      unknown,
      unknown,
      unknown,
      { name: string }[],
    ];
    const result = original.apply(this, args);
    // The same call `repeats` more times (kernels are pure: same inputs, same result), each
    // result released at once as the step's own are: the JavaScript side alone, then up to
    // the fence.
    fence(gl);
    const t0 = performance.now();
    for (let r = 0; r < repeats; r++) raw.release(original.apply(this, args));
    const t1 = performance.now();
    fence(gl);
    const t2 = performance.now();
    const slot = perIndex[index] ?? {
      name: kernelName(source, natives),
      output: Array.isArray(output) ? output.join('×') : String(output),
      call: [],
      gpu: [],
    };
    perIndex[index] = slot;
    slot.call.push((t1 - t0) / repeats);
    slot.gpu.push(Math.max(0, t2 - t0 - fenceMs) / repeats);
    index++;
    return result;
  };
  let kernelsPerStep = 0;
  for (let i = 0; i < steps; i++) {
    index = 0;
    step();
    kernelsPerStep = index;
  }
  raw.launch = original;

  return {
    kernels: perIndex.map((k, i) => ({
      index: i,
      name: k.name,
      output: k.output,
      callMs: median(k.call),
      gpuMs: median(k.gpu),
    })),
    stepMs: median(stepTimes),
    kernelsPerStep,
    overhead: { ...overhead(raw, gl), fence: fenceMs },
    renderer: String(gl.getParameter(gl.RENDERER)),
    stats: (backend.raw as unknown as { stats(): unknown }).stats(),
  };
}

/** gpu.js's cost per kernel call against a raw WebGL2 draw of the same one-pixel shader. */
function overhead(raw: RawBackend, gl: WebGL2RenderingContext): Omit<OverheadProfile, 'fence'> {
  const calls = 500;
  const settings = { output: [1], pipeline: true, immutable: true, precision: 'single' };
  const kernel = raw.gpu.createKernel(
    'function (a) { return a[this.thread.x] + 1.0; }',
    settings,
  ) as (a: unknown) => { delete(): void };
  let value = kernel(new Float32Array([0])) as { delete(): void };
  for (let i = 0; i < 20; i++) {
    const next = kernel(value);
    value.delete();
    value = next;
  }
  fence(gl);
  let t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const next = kernel(value);
    value.delete();
    value = next;
  }
  fence(gl);
  const reuse = (performance.now() - t0) / calls;

  const kept: { delete(): void }[] = [];
  t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    value = kernel(value);
    kept.push(value);
  }
  fence(gl);
  const newTexture = (performance.now() - t0) / calls;
  for (const k of kept) k.delete();

  // The floor: the same shader as raw WebGL2 calls (ping-pong between two 1×1 float textures).
  const vs = '#version 300 es\nin vec2 p; void main() { gl_Position = vec4(p, 0.0, 1.0); }';
  const fs =
    '#version 300 es\nprecision highp float; uniform sampler2D a; out vec4 o;\n' +
    'void main() { o = texelFetch(a, ivec2(0, 0), 0) + 1.0; }';
  const program = gl.createProgram()!;
  for (const [type, text] of [
    [gl.VERTEX_SHADER, vs],
    [gl.FRAGMENT_SHADER, fs],
  ] as const) {
    const shader = gl.createShader(type)!;
    gl.shaderSource(shader, text);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]), gl.STATIC_DRAW);
  const textures = [0, 1].map(() => {
    const t = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, 1, 1, 0, gl.RGBA, gl.FLOAT, null);
    return t;
  });
  const framebuffer = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  const location = gl.getAttribLocation(program, 'p');
  const sampler = gl.getUniformLocation(program, 'a');
  const draw = (i: number) => {
    gl.useProgram(program);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 0, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(
      gl.FRAMEBUFFER,
      gl.COLOR_ATTACHMENT0,
      gl.TEXTURE_2D,
      textures[i % 2]!,
      0,
    );
    gl.viewport(0, 0, 1, 1);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, textures[(i + 1) % 2]!);
    gl.uniform1i(sampler, 0);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  };
  for (let i = 0; i < 20; i++) draw(i);
  fence(gl);
  t0 = performance.now();
  for (let i = 0; i < calls; i++) draw(i);
  fence(gl);
  const rawDraw = (performance.now() - t0) / calls;
  gl.deleteFramebuffer(framebuffer);
  for (const t of textures) gl.deleteTexture(t);
  gl.deleteBuffer(buffer);
  gl.deleteProgram(program);
  return { gpujsCallReuse: reuse, gpujsCallNewTexture: newTexture, rawDraw };
}

/**
 * ms per training step of gpu.js backends made with each of `variants`' options, side by side:
 * `rounds` rounds of `steps` steps each, the order rotating, medians.
 */
export async function compareGpujs({
  variants = [{}, { recycleTextures: false }] as Record<string, unknown>[],
  steps = 50,
  rounds = 5,
} = {}): Promise<{ options: Record<string, unknown>; msPerStep: number; samples: number[] }[]> {
  const { createGpujsBackend } = await import('@mfnet/tensor/gpujs');
  const work = randomMnistWorkload(steps);
  const setups = variants.map((options) => {
    const backend = createGpujsBackend({ engine: 'webgl2', ...options });
    const gl = (backend.raw as unknown as RawBackend).gpu.context;
    const { net, loss, optimizer, loader } = new MfnetRunner(backend, 'float32').setup(work);
    const run = (n: number) => {
      let done = 0;
      for (const { x, y } of loader.batches(0)) {
        if (done++ === n) break;
        net.zeroGrad();
        loss.forward(net.forward(x), y);
        net.backward(loss.grad(), { inputGradient: false });
        optimizer.step();
      }
      fence(gl);
    };
    return { options, run, samples: [] as number[] };
  });
  for (const s of setups) s.run(10);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < setups.length; i++) {
      const s = setups[(i + round) % setups.length]!;
      const t0 = performance.now();
      s.run(steps);
      s.samples.push((performance.now() - t0) / steps);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return setups.map((s) => ({
    options: s.options,
    msPerStep: median(s.samples),
    samples: s.samples,
  }));
}

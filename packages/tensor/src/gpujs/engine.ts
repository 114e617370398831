import {
  CPUKernel,
  GPU,
  HeadlessGLKernel,
  WebAssemblyKernel,
  WebGL2Kernel,
  WebGLKernel,
} from 'gpu.js';
import { BackendError, ValueError } from '../errors.js';

/**
 * gpu.js's engines ("modes") that can serve a synchronous Backend, best first: headless GL
 * (Node, with the native `gl` package built), WebGL2 and WebGL (browsers), WebAssembly, and
 * plain JavaScript. gpu.js's `webgpu` and `async` modes read results back asynchronously, which
 * the Backend interface (reductions return numbers) cannot wait for, so they are refused.
 */
export const GPUJS_ENGINES = ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'] as const;

export type GpujsEngine = (typeof GPUJS_ENGINES)[number];

/** What `setBackend('gpujs', { engine })` accepts: an engine, or `auto` (the default). */
export type GpujsEngineRequest = GpujsEngine | 'auto';

const ASYNC_ONLY = new Set(['webgpu', 'async']);

/** A gpu.js instance whose engine has been seen to compute a right answer. */
export interface ChosenEngine {
  gpu: GPU;
  /** The engine that actually runs the kernels (gpu.js may not give the one asked for). */
  engine: GpujsEngine;
  /** Why each better engine was passed over, for `auto`. */
  skipped: string[];
}

function isEngine(x: unknown): x is GpujsEngine {
  return typeof x === 'string' && (GPUJS_ENGINES as readonly string[]).includes(x);
}

/** gpu.js's kernel class of each engine (its `mode` says 'gpu' for every GL one in browsers). */
const KERNEL_CLASSES: readonly (readonly [unknown, GpujsEngine])[] = [
  [HeadlessGLKernel, 'headlessgl'],
  [WebGL2Kernel, 'webgl2'],
  [WebGLKernel, 'webgl'],
  [WebAssemblyKernel, 'webasm'],
  [CPUKernel, 'cpu'],
];

/** The engine gpu.js actually picked for `gpu`: the one its Kernel class implements. */
export function actualEngine(gpu: GPU): string {
  const kernel = (gpu as unknown as { Kernel?: unknown }).Kernel;
  const found = KERNEL_CLASSES.find(([cls]) => cls === kernel);
  return found === undefined ? `unknown (${String(gpu.mode)})` : found[1];
}

/**
 * Runs a tiny kernel on `gpu` and checks the answer: an engine that gpu.js calls supported can
 * still fail when used (headless GL without an X display, a WebGL context that is lost).
 */
function probe(gpu: GPU): void {
  const settings = { output: [3], pipeline: true, immutable: true, precision: 'single' as const };
  const upload = gpu.createKernel('function (a) { return a[this.thread.x]; }', settings);
  const twice = gpu.createKernel('function (a) { return a[this.thread.x] * 2.5; }', settings);
  const x = upload(new Float32Array([1, -2, 3])) as unknown;
  const y = twice(x as never) as unknown;
  const values = Array.from(readValue(y));
  if (values.length !== 3 || values[0] !== 2.5 || values[1] !== -5 || values[2] !== 7.5) {
    throw new Error(`a test kernel computed [${values.join(', ')}] instead of [2.5, -5, 7.5]`);
  }
}

/** The float32 elements of a kernel result: a typed array (cpu, webasm) or a texture (GL). */
export function readValue(value: unknown): Float32Array {
  if (value instanceof Float32Array) return value;
  const texture = value as { toArray?: () => ArrayLike<number> };
  if (typeof texture?.toArray === 'function') {
    const data = texture.toArray();
    return data instanceof Float32Array ? data : Float32Array.from(data);
  }
  throw new BackendError(`gpujs: a kernel returned ${Object.prototype.toString.call(value)}`);
}

function tryEngine(engine: GpujsEngine): GPU {
  let gpu: GPU;
  try {
    gpu = new GPU({ mode: engine });
  } catch (error) {
    throw new BackendError(`gpujs: engine '${engine}' is not supported here (${message(error)})`);
  }
  const got = actualEngine(gpu);
  if (got !== engine) {
    void gpu.destroy();
    throw new BackendError(`gpujs: asked gpu.js for engine '${engine}', it gave '${got}'`);
  }
  try {
    probe(gpu);
  } catch (error) {
    void gpu.destroy();
    throw new BackendError(`gpujs: engine '${engine}' does not work here: ${message(error)}`);
  }
  return gpu;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * A working gpu.js engine: the one asked for, or with `auto` the best of GPUJS_ENGINES that
 * gpu.js supports here and that computes a test kernel right.
 */
export function chooseEngine(request: unknown = 'auto'): ChosenEngine {
  if (request === 'auto') {
    const skipped: string[] = [];
    for (const engine of GPUJS_ENGINES) {
      try {
        return { gpu: tryEngine(engine), engine, skipped };
      } catch (error) {
        skipped.push(message(error));
      }
    }
    throw new BackendError(`gpujs: no gpu.js engine works here: ${skipped.join('; ')}`);
  }
  if (typeof request === 'string' && ASYNC_ONLY.has(request)) {
    throw new ValueError(
      `gpujs: engine '${request}' reads results back asynchronously, and the Backend interface ` +
        `is synchronous; use one of 'auto', ${GPUJS_ENGINES.map((e) => `'${e}'`).join(', ')}`,
    );
  }
  if (!isEngine(request)) {
    throw new ValueError(
      `gpujs: unknown engine ${JSON.stringify(request)}; expected 'auto' or one of ${GPUJS_ENGINES.map(
        (e) => `'${e}'`,
      ).join(', ')}`,
    );
  }
  return { gpu: tryEngine(request), engine: request, skipped: [] };
}

/** A gpu.js instance made elsewhere, if its engine is one a synchronous Backend can use. */
export function adoptEngine(gpu: GPU): ChosenEngine {
  const engine = actualEngine(gpu);
  if (!isEngine(engine)) {
    throw new BackendError(
      `gpujs: the given gpu.js instance runs engine '${engine}'; expected one of ${GPUJS_ENGINES.join(', ')}`,
    );
  }
  return { gpu, engine, skipped: [] };
}

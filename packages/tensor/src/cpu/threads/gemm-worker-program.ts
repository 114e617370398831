// The gemm worker's program. scripts/build-wasm.mjs bundles this module (with the protocol it
// imports) into one classic script, GEMM_WORKER_SOURCE in gemm-worker.generated.js, which the
// host starts as a worker: Node's `new Worker(source, { eval: true })`, or a browser's
// `new Worker(URL.createObjectURL(new Blob([source])))`. A string, not a file beside the
// bundle, so that the ESM and the CommonJS builds (where `import.meta.url` does not exist) and
// any bundler of an application start it the same way, with no path to resolve.
import { kernelImports, type WasmGemm, type WasmKernels, webAssembly } from '../wasm/wasm-api.js';
import {
  ERROR_OFFSET,
  type GemmWorkerStart,
  NUMBERS_OFFSET,
  READY_MESSAGE,
  SLOT,
  STATE,
} from './gemm-protocol.js';

/**
 * How often the worker polls for the next job before it sleeps in Atomics.wait: about 50 µs on a
 * current x64 core. Products of a training step follow each other within microseconds, and a
 * wake-up from Atomics.wait costs tens of microseconds, as much as a small product.
 */
const SPIN_POLLS = 20_000;

/** The two ways a worker talks to its host. */
interface WorkerPort {
  onFirstMessage(handle: (message: unknown) => void): void;
  post(message: unknown): void;
}

/** A Node worker thread's port (worker_threads.parentPort). */
interface NodeParentPort {
  once(event: 'message', handle: (message: unknown) => void): void;
  postMessage(message: unknown): void;
}

/** A browser worker's global scope, as far as used here (the package builds without DOM types). */
interface BrowserWorkerScope {
  addEventListener(
    type: 'message',
    handle: (event: { data: unknown }) => void,
    options: { once: boolean },
  ): void;
  postMessage(message: unknown): void;
}

/**
 * This worker's port: Node's parentPort where the script has a global `require` (Node runs an
 * `eval: true` worker as a CommonJS script), else the browser worker's scope. (Read from
 * globalThis so that the bundler leaves it alone.)
 */
function workerPort(): WorkerPort {
  const nodeRequire = (globalThis as { require?: (id: string) => unknown }).require;
  if (typeof nodeRequire === 'function') {
    const { parentPort } = nodeRequire('node:worker_threads') as { parentPort: NodeParentPort };
    return {
      onFirstMessage: (handle) => parentPort.once('message', handle),
      post: (message) => parentPort.postMessage(message),
    };
  }
  const scope = globalThis as unknown as BrowserWorkerScope;
  return {
    onFirstMessage: (handle) =>
      scope.addEventListener('message', (event) => handle(event.data), { once: true }),
    post: (message) => scope.postMessage(message),
  };
}

/** Runs jobs from the control block until the host posts QUIT (blocks this worker's thread). */
export function serveGemms(kernels: WasmKernels, control: SharedArrayBuffer): void {
  const ctl = new Int32Array(control, 0, NUMBERS_OFFSET / 4);
  const numbers = new Float64Array(control, NUMBERS_OFFSET, 2);
  const errorText = new Uint8Array(control, ERROR_OFFSET);
  const gemms: readonly WasmGemm[] = [kernels.gemm64, kernels.gemm32];
  for (;;) {
    let state = Atomics.load(ctl, SLOT.state);
    for (let poll = 0; poll < SPIN_POLLS && state !== STATE.WORK && state !== STATE.QUIT; poll++) {
      state = Atomics.load(ctl, SLOT.state);
    }
    if (state === STATE.QUIT) return;
    if (state !== STATE.WORK) {
      Atomics.wait(ctl, SLOT.state, state);
      continue;
    }
    let done: number = STATE.DONE;
    try {
      gemms[ctl[SLOT.dtype]!]!(
        ctl[SLOT.transA]!,
        ctl[SLOT.transB]!,
        ctl[SLOT.M]!,
        ctl[SLOT.N]!,
        ctl[SLOT.K]!,
        numbers[0]!,
        ctl[SLOT.a]!,
        ctl[SLOT.b]!,
        numbers[1]!,
        ctl[SLOT.c]!,
        ctl[SLOT.packA]!,
        ctl[SLOT.packB]!,
        ctl[SLOT.edge]!,
        ctl[SLOT.rowStart]!,
        ctl[SLOT.rowEnd]!,
      );
    } catch (error) {
      done = STATE.FAILED;
      const text = new TextEncoder().encode(String(error instanceof Error ? error.stack : error));
      const length = Math.min(text.length, errorText.length);
      errorText.set(text.subarray(0, length));
      ctl[SLOT.errorLength] = length;
    }
    Atomics.store(ctl, SLOT.state, done);
    Atomics.notify(ctl, SLOT.state);
  }
}

/**
 * The worker's entry: waits for the start message, instantiates the kernels on the shared
 * memory, says it is ready, and serves jobs.
 */
export function startGemmWorker(): void {
  const port = workerPort();
  port.onFirstMessage((message) => {
    const { module, memory, control } = message as GemmWorkerStart;
    const wasm = webAssembly();
    const instance = new wasm.Instance(module, kernelImports(memory));
    port.post(READY_MESSAGE);
    serveGemms(instance.exports as WasmKernels, control);
  });
}

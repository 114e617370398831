import { Worker } from 'node:worker_threads';
import {
  CONTROL_BYTES,
  ERROR_OFFSET,
  NUMBERS_OFFSET,
  READY_MESSAGE,
  SLOT,
  STATE,
} from '../cpu/threads/gemm-protocol.js';
import { GEMM_WORKER_SOURCE } from '../cpu/threads/gemm-worker.generated.js';
import { decodeBase64, SHARED_WASM_BASE64, type WasmVariant } from '../cpu/wasm/load-kernels.js';
import {
  kernelImports,
  type WasmKernels,
  type WasmMemory,
  webAssembly,
} from '../cpu/wasm/wasm-api.js';
import type { Scratch } from '../cpu/wasm/wasm-gemm.js';
import { BackendError } from '../errors.js';

/** How long the main thread waits for the worker's half before giving up with an error. */
const WAIT_LIMIT_MS = 60_000;

/** How often the main thread polls for the worker's half before it sleeps in Atomics.wait. */
const SPIN_POLLS = 20_000;

/** The largest shared memory (pages of 64 KiB): the 4 GiB of 32-bit WebAssembly. */
const MAX_PAGES = 65536;

/** Starts a worker thread running `source`, a classic script (the gemm worker's program). */
export type SpawnWorker = (source: string) => Worker;

/** Node's way: the script evaluated as CommonJS (it then finds `require` and parentPort). */
export const spawnEvalWorker: SpawnWorker = (source) => new Worker(source, { eval: true });

/** What the worker computes: C's rows [rowStart, rowEnd) of the product laid out at these offsets. */
export interface GemmJob {
  dtype: 'float64' | 'float32';
  transA: boolean;
  transB: boolean;
  M: number;
  N: number;
  K: number;
  alpha: number;
  beta: number;
  aOff: number;
  bOff: number;
  cOff: number;
  scratch: Scratch;
  rowStart: number;
  rowEnd: number;
}

/**
 * One worker thread running the kernels on a WebAssembly memory it shares with this thread's
 * own instance of them (`kernels`): the main thread copies a product's operands into the memory
 * once, hands the worker a range of C's rows by writing a few integers into a shared control
 * block and waking it (Atomics.notify; the worker polls for about 50 µs after each job before it
 * sleeps), computes the other rows itself, and waits for the worker the same way. No message
 * and no copy per product. The worker's program is src/cpu/threads/gemm-worker-program.ts. The
 * worker is unref()'d: it never keeps the process alive; `close()` ends it.
 */
export class GemmWorker {
  /** This thread's instance of the kernels, on the shared memory. */
  readonly kernels: WasmKernels;
  readonly memory: WasmMemory;
  private readonly worker: Worker;
  private readonly ctl: Int32Array;
  private readonly numbers: Float64Array;
  private readonly errorText: Uint8Array;
  private readonly readyPromise: Promise<void>;
  private isReady = false;
  private closed = false;

  /**
   * `variant`: the build of the kernels both threads run (the CPU backend's, for equal results);
   * `spawn`: how the worker is started (the tests also start it as a browser would).
   */
  constructor(
    readonly variant: WasmVariant,
    spawn: SpawnWorker = spawnEvalWorker,
  ) {
    const wasm = webAssembly();
    const module = new wasm.Module(decodeBase64(SHARED_WASM_BASE64[variant]));
    this.memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.kernels = new wasm.Instance(module, kernelImports(this.memory)).exports as WasmKernels;
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    this.ctl = new Int32Array(control, 0, NUMBERS_OFFSET / 4);
    this.numbers = new Float64Array(control, NUMBERS_OFFSET, 2);
    this.errorText = new Uint8Array(control, ERROR_OFFSET);
    this.worker = spawn(GEMM_WORKER_SOURCE);
    this.worker.unref();
    this.readyPromise = new Promise((resolve, reject) => {
      this.worker.on('message', (message: unknown) => {
        if (message !== READY_MESSAGE) return;
        this.isReady = true;
        resolve();
      });
      this.worker.once('error', (error) => {
        this.closed = true;
        reject(error);
      });
      this.worker.once('exit', () => {
        this.closed = true;
        reject(new BackendError('threaded matmul: the worker exited before it was ready'));
      });
    });
    this.readyPromise.catch(() => undefined);
    this.worker.postMessage({ module, memory: this.memory, control });
  }

  /** Whether the worker has been closed (or exited, or failed). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether a job can go to the worker now (it is up, not closed, has not failed). */
  get available(): boolean {
    return this.isReady && !this.closed;
  }

  /** Resolves once the worker waits for work (the process is kept alive until then). */
  async ready(): Promise<void> {
    this.worker.ref();
    try {
      await this.readyPromise;
    } finally {
      this.worker.unref();
    }
  }

  /** Hands `job` to the worker (returns at once; its operands must be in the shared memory). */
  post(job: GemmJob): void {
    const c = this.ctl;
    c[SLOT.dtype] = job.dtype === 'float64' ? 0 : 1;
    c[SLOT.transA] = job.transA ? 1 : 0;
    c[SLOT.transB] = job.transB ? 1 : 0;
    c[SLOT.M] = job.M;
    c[SLOT.N] = job.N;
    c[SLOT.K] = job.K;
    c[SLOT.a] = job.aOff;
    c[SLOT.b] = job.bOff;
    c[SLOT.c] = job.cOff;
    c[SLOT.packA] = job.scratch.packA;
    c[SLOT.packB] = job.scratch.packB;
    c[SLOT.edge] = job.scratch.edge;
    c[SLOT.rowStart] = job.rowStart;
    c[SLOT.rowEnd] = job.rowEnd;
    this.numbers[0] = job.alpha;
    this.numbers[1] = job.beta;
    Atomics.store(c, SLOT.state, STATE.WORK);
    Atomics.notify(c, SLOT.state, 1);
  }

  /** Blocks until the worker's job is done (polls, then Atomics.wait). */
  wait(): void {
    const c = this.ctl;
    for (let poll = 0; poll < SPIN_POLLS && Atomics.load(c, SLOT.state) === STATE.WORK; poll++);
    const start = Date.now();
    while (Atomics.load(c, SLOT.state) === STATE.WORK) {
      Atomics.wait(c, SLOT.state, STATE.WORK, 1000);
      if (Date.now() - start > WAIT_LIMIT_MS) {
        this.close();
        throw new BackendError(
          `threaded matmul: the worker did not finish within ${WAIT_LIMIT_MS / 1000} s; threads are off`,
        );
      }
    }
    const state = Atomics.load(c, SLOT.state);
    Atomics.store(c, SLOT.state, STATE.IDLE);
    if (state === STATE.FAILED) {
      const length = c[SLOT.errorLength]!;
      const message = new TextDecoder().decode(this.errorText.slice(0, length));
      this.close();
      throw new BackendError(`threaded matmul: the worker failed (${message}); threads are off`);
    }
  }

  /** Ends the worker; later products run on the main thread alone. */
  close(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    this.closed = true;
    Atomics.store(this.ctl, SLOT.state, STATE.QUIT);
    Atomics.notify(this.ctl, SLOT.state);
    return this.worker.terminate();
  }
}

/** Whether this thread may block in Atomics.wait (Node's main and worker threads may). */
export function canAtomicsWait(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

const shared = new Map<WasmVariant, { worker: GemmWorker; users: number }>();

/**
 * The worker of this thread for `variant`, shared by every threaded backend made here on those
 * kernels (two cores want one worker, and products are synchronous, so backends never
 * overlap); started on first use.
 */
export function acquireGemmWorker(variant: WasmVariant): GemmWorker {
  let entry = shared.get(variant);
  if (entry === undefined || entry.worker.isClosed) {
    entry = { worker: new GemmWorker(variant), users: 0 };
    shared.set(variant, entry);
  }
  entry.users++;
  return entry.worker;
}

/** Gives back `worker`; the last user's release ends it. */
export async function releaseGemmWorker(worker: GemmWorker): Promise<void> {
  const entry = shared.get(worker.variant);
  if (entry === undefined || entry.worker !== worker) {
    await worker.close();
    return;
  }
  entry.users--;
  if (entry.users > 0) return;
  shared.delete(worker.variant);
  await worker.close();
}

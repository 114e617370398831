import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';
import { WASM_BASE64, type WasmVariant } from '../cpu/wasm/load-kernels.js';
import { wasmLayout } from '../cpu/wasm/wasm-gemm.js';
import { BackendError } from '../errors.js';
import { GEMM_WORKER_SOURCE, SLOT, STATE } from './gemm-worker-source.js';

/** The part of the WebAssembly API used here (the package builds without DOM types). */
interface WasmGlobal {
  WebAssembly: { Module: new (bytes: Uint8Array) => object };
}

/** How long the main thread waits for the worker's half before giving up with an error. */
const WAIT_LIMIT_MS = 60_000;

/**
 * One worker thread with its own instance of the WebAssembly kernels, and the shared memory
 * through which the main thread hands it a gemm: a control block, alpha and beta, and a staging
 * buffer (grown to the largest job seen, then reused). The worker is unref()'d: it never keeps
 * the process alive; `close()` ends it.
 */
export class GemmWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly ctl: Int32Array;
  private readonly num: Float64Array;
  private stage64: Float64Array = new Float64Array(0);
  private stage32: Float32Array = new Float32Array(0);
  private readonly readyPromise: Promise<void>;
  private closed = false;

  /** `variant`: the build of the kernels the worker runs (the main thread's, for equal results). */
  constructor(readonly variant: WasmVariant) {
    const bytes = Buffer.from(WASM_BASE64[variant], 'base64');
    const module = new (globalThis as unknown as WasmGlobal).WebAssembly.Module(bytes);
    const control = new SharedArrayBuffer(SLOT.length * 4);
    const numbers = new SharedArrayBuffer(2 * 8);
    this.ctl = new Int32Array(control);
    this.num = new Float64Array(numbers);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.port.unref();
    this.worker = new Worker(GEMM_WORKER_SOURCE, {
      eval: true,
      workerData: { module, control, numbers, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
    this.readyPromise = new Promise((resolve, reject) => {
      this.worker.on('message', (message: unknown) => {
        if (message === 'ready') resolve();
      });
      this.worker.once('error', reject);
      this.worker.once('exit', () => {
        this.closed = true;
        reject(new BackendError('threaded matmul: the worker exited before it was ready'));
      });
    });
    this.readyPromise.catch(() => undefined);
  }

  /** Whether the worker has been closed (or exited, or failed). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Whether a job can go to the worker now (it is up, not closed, has not failed). */
  get available(): boolean {
    return !this.closed && Atomics.load(this.ctl, SLOT.ready) === 1;
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

  /** The staging buffer of the dtype, grown (and sent to the worker) to hold `elements`. */
  stage(dtype: 'float64' | 'float32', elements: number): Float64Array | Float32Array {
    const bytes = dtype === 'float64' ? 8 : 4;
    if (this.stage64.byteLength < elements * bytes) {
      // Some headroom, so that slowly growing shapes do not resend the buffer every call.
      const shared = new SharedArrayBuffer(Math.ceil((elements * bytes * 1.25) / 8) * 8);
      this.stage64 = new Float64Array(shared);
      this.stage32 = new Float32Array(shared);
      this.port.postMessage(shared);
      Atomics.add(this.ctl, SLOT.generation, 1);
    }
    return dtype === 'float64' ? this.stage64 : this.stage32;
  }

  /** Hands the staged job to the worker (returns at once). */
  post(
    dtype: 'float64' | 'float32',
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    alpha: number,
    beta: number,
    hasC: boolean,
  ): void {
    const c = this.ctl;
    c[SLOT.dtype] = dtype === 'float64' ? 0 : 1;
    c[SLOT.transA] = transA ? 1 : 0;
    c[SLOT.transB] = transB ? 1 : 0;
    c[SLOT.M] = M;
    c[SLOT.N] = N;
    c[SLOT.K] = K;
    c[SLOT.hasC] = hasC ? 1 : 0;
    // The worker's memory holds the product exactly as the single-thread wasm gemm lays it out.
    const layout = wasmLayout(M, N, K, dtype);
    c[SLOT.aOff] = layout.aOff;
    c[SLOT.bOff] = layout.bOff;
    c[SLOT.cOff] = layout.cOff;
    c[SLOT.packA] = layout.packA;
    c[SLOT.packB] = layout.packB;
    c[SLOT.edge] = layout.edge;
    c[SLOT.end] = layout.end;
    this.num[0] = alpha;
    this.num[1] = beta;
    Atomics.store(c, SLOT.state, STATE.WORK);
    Atomics.notify(c, SLOT.state, 1);
  }

  /** Blocks until the worker's job is done (a short spin, then Atomics.wait). */
  wait(): void {
    const c = this.ctl;
    for (let spin = 0; spin < 2000 && Atomics.load(c, SLOT.state) === STATE.WORK; spin++);
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
      const message = receiveMessageOnPort(this.port)?.message;
      this.close();
      throw new BackendError(
        `threaded matmul: the worker failed (${String(message ?? 'no message')}); threads are off`,
      );
    }
  }

  /** Ends the worker; later products run on the main thread alone. */
  close(): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    this.closed = true;
    Atomics.store(this.ctl, SLOT.state, STATE.QUIT);
    Atomics.notify(this.ctl, SLOT.state);
    this.port.close();
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

/**
 * The slots of the shared control block (an Int32Array over a SharedArrayBuffer) through which
 * the main thread hands one gemm to the worker and waits for it.
 */
export const SLOT = {
  /** IDLE → WORK (main posted a job) → DONE or FAILED (worker finished) → IDLE (main took it). */
  state: 0,
  transA: 1,
  transB: 2,
  M: 3,
  N: 4,
  K: 5,
  /** 0: float64, 1: float32. */
  dtype: 6,
  /** 1 when C's rows were staged too (beta ≠ 0). */
  hasC: 7,
  /** 1 once the worker has instantiated its kernels and waits for work. */
  ready: 8,
  /** How many staging buffers the main thread has sent; the worker takes the new one. */
  generation: 9,
  /** Byte offsets of the product in the kernels' memory, from wasmLayout (computed by main). */
  aOff: 10,
  bOff: 11,
  cOff: 12,
  packA: 13,
  packB: 14,
  edge: 15,
  end: 16,
  length: 17,
} as const;

export const STATE = { IDLE: 0, WORK: 1, DONE: 2, FAILED: 3, QUIT: 4 } as const;

/**
 * The worker's program (CommonJS, run with `eval: true` so that it needs no file next to the
 * bundle). It instantiates its own copy of the WebAssembly kernels from the compiled module in
 * `workerData`, then loops: wait for WORK; copy op(A)'s rows, B (and C) from the staging
 * SharedArrayBuffer into its wasm memory exactly as src/cpu/wasm/wasm-gemm.ts does; run the
 * kernel; copy C back to the staging buffer; DONE. The staging layout, in elements of the
 * dtype, is [A: M·K][B: K·N][C: M·N].
 */
export const GEMM_WORKER_SOURCE = `
'use strict';
const { workerData, receiveMessageOnPort, parentPort } = require('node:worker_threads');
const { module, control, numbers, port } = workerData;
const ctl = new Int32Array(control);
const num = new Float64Array(numbers);
const S = ${JSON.stringify(SLOT)};
const ST = ${JSON.stringify(STATE)};
const BYTES = [8, 4];
const kernels = new WebAssembly.Instance(module, {
  env: { abort() { throw new Error('mfnet wasm kernels: abort'); } },
}).exports;
const memory = kernels.memory;
let generation = 0;
let stage = [new Float64Array(0), new Float32Array(0)];
let heapBuffer = null;
let heap = [new Float64Array(0), new Float32Array(0)];

function takeStage() {
  while (generation !== Atomics.load(ctl, S.generation)) {
    const msg = receiveMessageOnPort(port);
    if (msg === undefined) continue; // posted before the generation was bumped: arriving
    generation++;
    stage = [new Float64Array(msg.message), new Float32Array(msg.message)];
  }
}

function run() {
  takeStage();
  const d = ctl[S.dtype], transA = ctl[S.transA], transB = ctl[S.transB];
  const M = ctl[S.M], N = ctl[S.N], K = ctl[S.K];
  const alpha = num[0], beta = num[1];
  const bytes = BYTES[d];
  const aOff = ctl[S.aOff], bOff = ctl[S.bOff], cOff = ctl[S.cOff];
  const packA = ctl[S.packA], packB = ctl[S.packB], edge = ctl[S.edge], end = ctl[S.end];
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
  if (memory.buffer !== heapBuffer) {
    heapBuffer = memory.buffer;
    heap = [new Float64Array(heapBuffer), new Float32Array(heapBuffer)];
  }
  const h = heap[d], s = stage[d];
  const sb = M * K, sc = sb + K * N;
  h.set(s.subarray(0, sb), aOff / bytes);
  h.set(s.subarray(sb, sc), bOff / bytes);
  if (ctl[S.hasC] === 1) h.set(s.subarray(sc, sc + M * N), cOff / bytes);
  (d === 0 ? kernels.gemm64 : kernels.gemm32)(
    transA, transB, M, N, K, alpha, aOff, bOff, beta, cOff, packA, packB, edge);
  s.set(h.subarray(cOff / bytes, cOff / bytes + M * N), sc);
}

Atomics.store(ctl, S.ready, 1);
parentPort.postMessage('ready');
for (;;) {
  const state = Atomics.load(ctl, S.state);
  if (state === ST.QUIT) break;
  if (state !== ST.WORK) {
    Atomics.wait(ctl, S.state, state);
    continue;
  }
  let done = ST.DONE;
  try {
    run();
  } catch (error) {
    done = ST.FAILED;
    port.postMessage(String(error && error.stack ? error.stack : error));
  }
  Atomics.store(ctl, S.state, done);
  Atomics.notify(ctl, S.state);
}
`;

/// <reference lib="webworker" />
import type { NeuralNetwork } from '@mfnet/layers';
import { loadMnist, type MnistData, PIXELS } from '../data/mnist.js';
import { chooseBackend } from './backend.js';
import { classScores, evaluate, softmax } from './evaluate.js';
import { decodeModel, encodeModel } from './model-file.js';
import { buildNetwork } from './network.js';
import type { FromWorker, ToWorker, TrainingConfig } from './protocol.js';
import { runTraining } from './run-training.js';

/**
 * The training worker: holds the data and the network, trains, classifies drawn digits, saves
 * and loads models. The page never computes with the network itself, so it never freezes.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const send = (message: FromWorker, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

let data: MnistData | undefined;
let net: NeuralNetwork | undefined;
let hidden: number[] = [];
let abort: AbortController | undefined;
let resumeTraining: (() => void) | undefined;
let pauseGate: Promise<void> | undefined;

function fail(context: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  send({ type: 'error', context, message });
}

async function train(config: TrainingConfig): Promise<void> {
  if (data === undefined) throw new Error('the data is not loaded yet');
  abort?.abort();
  const controller = new AbortController();
  abort = controller;
  const chosen = await chooseBackend(config.backend, config.dtype);
  send({
    type: 'engine',
    backend: config.backend,
    engine: chosen.engine,
    dtype: chosen.dtype,
    note: chosen.note,
  });
  hidden = config.hidden;
  net = buildNetwork(hidden, { backend: chosen.backend, dtype: chosen.dtype, seed: config.seed });
  send({ type: 'state', state: 'training' });
  await runTraining(net, config, data, {
    signal: controller.signal,
    whilePaused: () => pauseGate ?? Promise.resolve(),
    onProgress: (progress) => send({ type: 'progress', progress }),
    onEpoch: (report) => send({ type: 'epoch', report }),
  });
  if (abort === controller) {
    send({ type: 'state', state: controller.signal.aborted ? 'stopped' : 'done' });
    abort = undefined;
  }
}

function setPaused(paused: boolean): void {
  if (paused && pauseGate === undefined && abort !== undefined) {
    pauseGate = new Promise((resolve) => {
      resumeTraining = resolve;
    });
    send({ type: 'state', state: 'paused' });
  } else if (!paused && pauseGate !== undefined) {
    pauseGate = undefined;
    resumeTraining?.();
    send({ type: 'state', state: 'training' });
  }
}

async function save(format: 'safetensors' | 'onnx'): Promise<void> {
  if (net === undefined) throw new Error('there is no model yet: train one or load one');
  let bytes: Uint8Array;
  if (format === 'onnx') {
    // The ONNX exporter is loaded only when asked for.
    const { exportOnnx } = await import('@mfnet/layers/onnx');
    bytes = exportOnnx(net, { softmax: true });
  } else {
    bytes = encodeModel(net, hidden);
  }
  send({ type: 'saved', format, bytes }, [bytes.buffer]);
}

/** A model file, whatever its hidden sizes: the network is rebuilt with the file's own. */
async function loadModel(name: string, bytes: ArrayBuffer): Promise<void> {
  if (data === undefined) throw new Error('the data is not loaded yet');
  abort?.abort();
  setPaused(false);
  const chosen = await chooseBackend('cpu', 'float64');
  const loaded = decodeModel(name, new Uint8Array(bytes), chosen);
  net = loaded.net;
  hidden = loaded.hidden;
  send({
    type: 'engine',
    backend: 'cpu',
    engine: chosen.engine,
    dtype: chosen.dtype,
    note: chosen.note,
  });
  const evaluation = evaluate(net, data.testX, data.testLabels);
  send({ type: 'model-loaded', name, sizes: loaded.sizes, evaluation });
}

function classify(id: number, pixels: Uint8Array): void {
  if (net === undefined || pixels.length !== PIXELS) return;
  const scores = classScores(net, { data: pixels, shape: [1, PIXELS], divisor: 255 });
  send({ type: 'classified', id, probabilities: softmax(scores) });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'load-data':
      loadMnist(message.base, (loaded, total) => send({ type: 'data-progress', loaded, total }))
        .then((loadedData) => {
          data = loadedData;
          send({
            type: 'data-ready',
            train: data.trainLabels.length,
            test: data.testLabels.length,
          });
        })
        .catch((error: unknown) => fail('loading MNIST', error));
      break;
    case 'train':
      setPaused(false);
      train(message.config).catch((error: unknown) => {
        fail('training', error);
        send({ type: 'state', state: 'stopped' });
      });
      break;
    case 'pause':
      setPaused(true);
      break;
    case 'resume':
      setPaused(false);
      break;
    case 'stop':
      abort?.abort();
      setPaused(false);
      break;
    case 'classify':
      try {
        classify(message.id, message.pixels);
      } catch (error) {
        fail('classifying', error);
      }
      break;
    case 'save':
      save(message.format).catch((error: unknown) => fail(`saving ${message.format}`, error));
      break;
    case 'load-model':
      loadModel(message.name, message.bytes).catch((error: unknown) =>
        fail(`loading ${message.name}`, error),
      );
      break;
  }
};

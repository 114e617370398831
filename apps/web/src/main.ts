import './style.css';
import { DrawingPad } from './draw/pad.js';
import { preprocessDigit } from './draw/preprocess.js';
import { readConfig } from './form.js';
import { renderConfusion, renderGallery } from './ui/after-epoch.js';
import { renderBars } from './ui/bars.js';
import { paintDigit } from './ui/digit-image.js';
import { LineChart } from './ui/line-chart.js';
import type { EpochReport, FromWorker, RunState, ToWorker } from './worker/protocol.js';
import TrainingWorker from './worker/training-worker.ts?worker';

/** What the page shows, kept for the end-to-end tests (and for curious users in the console). */
export interface PageState {
  dataReady: boolean;
  state: RunState;
  engine?: string;
  backend?: string;
  epochs: Omit<EpochReport, 'misclassified' | 'confusion'>[];
  stepsPerSecond: number[];
  /** At each progress report: steps since Start and the worker's training ms for them. */
  timing: { steps: number; ms: number }[];
  losses: number[];
  /** How many points the loss and the accuracy charts hold. */
  charts: { loss: number; accuracy: number };
  /** The last drawing's 28×28 pixel bytes and the ten probabilities the network gave them. */
  drawn?: { pixels: number[]; probabilities: number[] } | undefined;
  loaded?: { name: string; accuracy: number };
  /** The last click: how long after the browser took it in the page's handler ran, in ms. */
  lastClick?: { delayMs: number; state: RunState };
  errors: string[];
}

declare global {
  interface Window {
    mfnetPage: PageState;
  }
}

const $ = <T extends Element = HTMLElement>(id: string) =>
  document.getElementById(id) as unknown as T;
const page: PageState = {
  dataReady: false,
  state: 'idle',
  epochs: [],
  stepsPerSecond: [],
  timing: [],
  losses: [],
  charts: { loss: 0, accuracy: 0 },
  errors: [],
};
window.mfnetPage = page;
document.addEventListener('click', (event) => {
  page.lastClick = { delayMs: performance.now() - event.timeStamp, state: page.state };
});

const worker = new TrainingWorker({ name: 'mfnet-training' });
const post = (message: ToWorker, transfer: Transferable[] = []) =>
  worker.postMessage(message, transfer);
const lossChart = new LineChart($('loss-chart'), 'training loss', (y) => y.toFixed(3));
const accuracyChart = new LineChart(
  $('accuracy-chart'),
  'test accuracy',
  (y) => `${(100 * y).toFixed(1)}%`,
);
/** The charts' point counts, as uPlot holds them. */
const countPoints = () => {
  page.charts = { loss: lossChart.points, accuracy: accuracyChart.points };
};
const buttons = {
  start: $<HTMLButtonElement>('start'),
  pause: $<HTMLButtonElement>('pause'),
  stop: $<HTMLButtonElement>('stop'),
  safetensors: $<HTMLButtonElement>('save-safetensors'),
  onnx: $<HTMLButtonElement>('save-onnx'),
};
const form = $<HTMLFormElement>('config');

function showState(state: RunState): void {
  page.state = state;
  $('state').textContent = state;
  const running = state === 'training' || state === 'paused';
  buttons.start.disabled = !page.dataReady || running;
  buttons.pause.disabled = !running;
  buttons.pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
  buttons.stop.disabled = !running;
  for (const element of form.elements) (element as HTMLInputElement).disabled = running;
}

function showMessage(text: string, id = 'message'): void {
  $(id).textContent = text;
}

let drawingId = 0;
let lastDrawn: Uint8Array | undefined;
let haveModel = false;

function classifyDrawing(): void {
  if (lastDrawn === undefined || !haveModel) return;
  drawingId++;
  post({ type: 'classify', id: drawingId, pixels: lastDrawn });
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'data-progress': {
      const bar = $<HTMLProgressElement>('data-progress');
      bar.max = message.total || 1;
      bar.value = message.loaded;
      $('data-status').textContent =
        `${(message.loaded / 1e6).toFixed(1)} of ${(message.total / 1e6).toFixed(1)} MB`;
      break;
    }
    case 'data-ready':
      page.dataReady = true;
      $<HTMLProgressElement>('data-progress').value = $<HTMLProgressElement>('data-progress').max;
      $('data-status').textContent =
        `MNIST: ${message.train} training and ${message.test} test images`;
      showState(page.state);
      break;
    case 'engine':
      page.engine = message.engine;
      page.backend = message.backend;
      $('engine').textContent = `${message.backend}: ${message.engine}, ${message.dtype}`;
      $('engine').title = message.note;
      break;
    case 'state':
      showState(message.state);
      if (message.state === 'training') haveModel = true;
      buttons.safetensors.disabled = buttons.onnx.disabled = !haveModel;
      break;
    case 'progress': {
      const { epoch, step, steps, loss, stepsPerSecond, quickAccuracy, runSteps, runMs } =
        message.progress;
      const x = epoch - 1 + step / steps;
      page.losses.push(loss);
      page.stepsPerSecond.push(stepsPerSecond);
      page.timing.push({ steps: runSteps, ms: runMs });
      lossChart.add(x, loss);
      if (quickAccuracy !== undefined) accuracyChart.add(x, quickAccuracy);
      countPoints();
      $('speed').textContent = `${stepsPerSecond.toFixed(0)} steps/s`;
      $('epoch').textContent = `epoch ${epoch}, step ${step}/${steps}`;
      break;
    }
    case 'epoch': {
      const { misclassified: _m, confusion, ...summary } = message.report;
      page.epochs.push(summary);
      accuracyChart.add(summary.epoch, summary.accuracy);
      countPoints();
      renderConfusion($('confusion'), confusion);
      renderGallery($('gallery'), message.report);
      showMessage(
        `epoch ${summary.epoch}: training loss ${summary.trainLoss.toFixed(4)}, test accuracy ${(100 * summary.accuracy).toFixed(2)}% (${summary.seconds.toFixed(1)} s)`,
      );
      classifyDrawing();
      break;
    }
    case 'classified':
      if (message.id === drawingId && lastDrawn !== undefined) {
        const p = message.probabilities;
        page.drawn = { pixels: [...lastDrawn], probabilities: p };
        renderBars($('bars'), p);
        const best = p.indexOf(Math.max(...p));
        $('guess').textContent = `it is a ${best} (${(100 * p[best]!).toFixed(1)}%)`;
      }
      break;
    case 'saved':
      download(message.bytes, `model.${message.format}`);
      break;
    case 'model-loaded': {
      haveModel = true;
      buttons.safetensors.disabled = buttons.onnx.disabled = false;
      page.loaded = { name: message.name, accuracy: message.evaluation.accuracy };
      // The file's hidden sizes become the form's (the worker built the network with them).
      const hidden = message.sizes.slice(1, -1).join(', ');
      (form.elements.namedItem('hidden') as HTMLInputElement).value = hidden;
      renderConfusion($('confusion'), message.evaluation.confusion);
      renderGallery($('gallery'), message.evaluation);
      showMessage(
        `${message.name}: a ${message.sizes.join('-')} network (hidden sizes ${hidden || 'none'}), test accuracy ${(100 * message.evaluation.accuracy).toFixed(2)}%`,
        'model-message',
      );
      classifyDrawing();
      break;
    }
    case 'error': {
      const text = `${message.context}: ${message.message}`;
      page.errors.push(text);
      showMessage(text, message.context.startsWith('loading model') ? 'model-message' : 'message');
      break;
    }
  }
};

worker.onerror = (event) => {
  const text = `the training worker failed: ${event.message || 'it could not be loaded'}`;
  page.errors.push(text);
  showMessage(text);
};

buttons.start.addEventListener('click', () => {
  const config = readConfig(form);
  if (typeof config === 'string') return showMessage(config);
  showMessage('');
  lossChart.clear();
  accuracyChart.clear();
  countPoints();
  page.epochs = [];
  page.losses = [];
  page.stepsPerSecond = [];
  page.timing = [];
  post({ type: 'train', config });
});
buttons.pause.addEventListener('click', () =>
  post({ type: page.state === 'paused' ? 'resume' : 'pause' }),
);
buttons.stop.addEventListener('click', () => post({ type: 'stop' }));
buttons.safetensors.addEventListener('click', () => post({ type: 'save', format: 'safetensors' }));
buttons.onnx.addEventListener('click', () => post({ type: 'save', format: 'onnx' }));

async function loadModelFile(file: File): Promise<void> {
  showMessage(`reading ${file.name}…`, 'model-message');
  const bytes = await file.arrayBuffer();
  post({ type: 'load-model', name: `model file ${file.name}`, bytes }, [bytes]);
}
$<HTMLInputElement>('model-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file !== undefined) void loadModelFile(file);
});
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) void loadModelFile(file);
});

const pad = new DrawingPad($('pad'), (ink) => {
  const pixels = preprocessDigit(ink);
  if (pixels === undefined) return;
  lastDrawn = pixels;
  paintDigit($('preview'), pixels);
  if (haveModel) classifyDrawing();
  else $('guess').textContent = 'train or load a model to classify';
});
const brush = $<HTMLInputElement>('brush');
brush.addEventListener('input', () => {
  pad.brush = Number(brush.value);
});
pad.brush = Number(brush.value);
$('clear').addEventListener('click', () => {
  pad.clear();
  lastDrawn = undefined;
  page.drawn = undefined;
  $('guess').textContent = 'draw a digit';
  renderBars($('bars'), new Array(10).fill(0));
});
renderBars($('bars'), new Array(10).fill(0));

post({ type: 'load-data', base: new URL('.', location.href).href });

/** The messages between the page (main thread) and the training worker. */

export type BackendName = 'cpu' | 'gpujs';
export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export type DTypeName = 'float64' | 'float32';

/** What the form asks for: the network and how to train it. */
export interface TrainingConfig {
  backend: BackendName;
  dtype: DTypeName;
  hidden: number[];
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  epochs: number;
  seed: number;
}

/** One misclassified test image: its index, true and predicted class, and its 784 pixel bytes. */
export interface Misclassified {
  index: number;
  label: number;
  predicted: number;
  pixels: Uint8Array;
}

/** The test set's verdict on a network. */
export interface Evaluation {
  accuracy: number;
  /** confusion[true][predicted]. */
  confusion: number[][];
  /** The first few misclassified test images. */
  misclassified: Misclassified[];
}

export interface EpochReport extends Evaluation {
  epoch: number;
  trainLoss: number;
  seconds: number;
}

export interface StepProgress {
  epoch: number;
  /** Steps done in this epoch, and how many it has. */
  step: number;
  steps: number;
  /** The mean training loss since the last report. */
  loss: number;
  /** Steps per second of training since the last report (pauses and evaluations left out). */
  stepsPerSecond: number;
  /** Steps done since Start, and the worker's training milliseconds they took (for the bench). */
  runSteps: number;
  runMs: number;
  /** Test accuracy on the first images of the test set, when measured since the last report. */
  quickAccuracy?: number;
}

export type ToWorker =
  | { type: 'load-data'; base: string }
  | { type: 'train'; config: TrainingConfig }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'classify'; id: number; pixels: Uint8Array }
  | { type: 'save'; format: 'safetensors' | 'onnx' }
  | { type: 'load-model'; name: string; bytes: ArrayBuffer };

export type RunState = 'idle' | 'training' | 'paused' | 'stopped' | 'done';

export type FromWorker =
  | { type: 'data-progress'; loaded: number; total: number }
  | { type: 'data-ready'; train: number; test: number }
  | { type: 'engine'; backend: BackendName; engine: string; dtype: DTypeName; note: string }
  | { type: 'state'; state: RunState }
  | { type: 'progress'; progress: StepProgress }
  | { type: 'epoch'; report: EpochReport }
  | { type: 'classified'; id: number; probabilities: number[] }
  | { type: 'saved'; format: 'safetensors' | 'onnx'; bytes: Uint8Array }
  | { type: 'model-loaded'; name: string; sizes: number[]; evaluation: Evaluation }
  | { type: 'error'; context: string; message: string };

// @mfnet/train: the training loop written once. Browser-safe: nothing here imports a Node
// module. Checkpoint files, file loggers and the terminal progress bar are in '@mfnet/train/node'.

export type { BatchEnd, Callback, FitContext } from './callbacks/callback.js';
export {
  CHANCE_MARGIN,
  DIVERGENCE_FACTOR,
  type DivergenceWarningOptions,
  divergenceWarnings,
} from './callbacks/divergence-warnings.js';
export { type EarlyStoppingOptions, earlyStopping } from './callbacks/early-stopping.js';
export {
  cosineAnnealingLR,
  exponentialLR,
  type LrSchedule,
  type ReduceLROnPlateauOptions,
  reduceLROnPlateau,
  stepLR,
} from './callbacks/lr-schedules.js';
export type { MonitorMode } from './callbacks/monitor.js';
export { type BatchProgress, progressEvents } from './callbacks/progress-events.js';
export type { Dataset, SampleMatrix, Samples } from './data.js';
export { TrainingDivergedError } from './errors.js';
export { type EvaluateOptions, type Evaluation, evaluate, type Metrics } from './evaluate.js';
export { type FitOptions, fit } from './fit.js';
export type { History, ResumePoint, StopReason, TrainingState } from './history.js';
export { accuracy, confusionMatrix, topKAccuracy } from './metrics/classification.js';
export type { Metric, MetricAccumulator, MetricBatch, MetricResult } from './metrics/metric.js';
export { mae, mse, r2, rmse } from './metrics/regression.js';
export {
  createOptimizer,
  type OptimizerChoice,
  type OptimizerSpec,
} from './optimizer-spec.js';
export { type PredictOptions, predict } from './predict.js';
export { type EpochRecord, formatEpoch, type MetricFormat } from './record.js';
export { yieldToEventLoop } from './yield.js';

export {
  ACTIVATIONS,
  buildNetwork,
  buildOptimizer,
  makeBackend,
  OPTIMIZERS,
  runCli,
  type TrainingConfig,
  trainingOptions,
  userPath,
  versions,
} from './app.js';
export { confusionSpec, curvesSpec, predictedVsActualSpec, renderSvg } from './charts.js';
export {
  CheckpointError,
  type CheckpointState,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export {
  type ExportConfig,
  exportOptions,
  withoutExportOptions,
  writeExports,
} from './exports.js';
export {
  flagName,
  helpText,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  parseOptions,
  UsageError,
} from './options.js';
export { type RunOutputs, writeChart, writeJson, writeModel, writeRunOutputs } from './outputs.js';
export { predict } from './predict.js';
export { formatSeconds, ProgressBar } from './progress.js';
export {
  type EpochRecord,
  formatEpoch,
  printEpoch,
  type ReportMode,
  reportMode,
} from './reporter.js';
export { openSession, prepareTraining, type Session, type Training } from './session.js';
export { type TrainLoopOptions, trainLoop } from './train-loop.js';

export {
  MAX_HIDDEN,
  MAX_SEED,
  makeBackend,
  runCli,
  type TrainingConfig,
  trainingOptions,
  userPath,
  versions,
} from './app.js';
export { type AppOutputs, writeAppOutputs } from './app-outputs.js';
export { confusionSpec, curvesSpec, predictedVsActualSpec, renderSvg } from './charts.js';
export {
  CheckpointError,
  type CheckpointState,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export { CHECKSUM_FIELD, checkpointSha256 } from './checkpoint-checksum.js';
export { type CheckpointMetadata, parseCheckpointMetadata } from './checkpoint-metadata.js';
export { checkDataFitsNetwork } from './data-fits-network.js';
export { notFoundForCli } from './dataset-not-found.js';
export {
  CHANCE_MARGIN,
  type ChanceLevel,
  DIVERGENCE_FACTOR,
  DivergedError,
  divergenceWarning,
} from './divergence.js';
export {
  type ExportConfig,
  exportOptions,
  withoutExportOptions,
  writeExports,
} from './exports.js';
export {
  ACTIVATIONS,
  type ActivationName,
  activationLayer,
  buildNetwork,
  buildOptimizer,
  type LayerOptions,
  mlp,
  OPTIMIZERS,
  type OptimizerChoice,
  type OptimizerName,
} from './network.js';
export {
  flagName,
  helpText,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  parseOptions,
  UsageError,
} from './options.js';
export {
  claimOutputDir,
  LOCK_NAME,
  type OutputDirClaim,
  OutputDirError,
  releaseOutputDir,
} from './output-dir.js';
export { type RunOutputs, writeChart, writeJson, writeModel, writeRunOutputs } from './outputs.js';
export { pidAlive } from './pid-alive.js';
export { predict } from './predict.js';
export { formatSeconds, ProgressBar } from './progress.js';
export { regressionMetrics, totalSumOfSquares } from './regression-metrics.js';
export {
  type EpochRecord,
  formatEpoch,
  printEpoch,
  type ReportMode,
  reportMode,
} from './reporter.js';
export { openSession, type Session } from './session.js';
export { removeStaleTemps } from './stale-temps.js';
export { type RunSetup, startRun, TrainingRun } from './training-run.js';

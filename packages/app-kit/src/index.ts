// The records the apps keep, as @mfnet/train makes them.
export type { EpochRecord } from '@mfnet/train';
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
export { checkDataFitsNetwork } from './data-fits-network.js';
export { notFoundForCli } from './dataset-not-found.js';
export { DivergedError, divergedError, lowerLr, warningForCli } from './divergence.js';
export { epochMetrics } from './epoch-metrics.js';
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
export { regressionMetrics, totalSumOfSquares } from './regression-metrics.js';
export { openSession, type ReportMode, reportMode, type Session } from './session.js';
export { removeStaleTemps } from './stale-temps.js';
export { type RunSetup, startRun, TrainingRun } from './training-run.js';

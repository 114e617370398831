export { confusionSpec, curvesSpec, predictedVsActualSpec, renderSvg } from './charts.js';
export {
  flagName,
  helpText,
  type OptionSpec,
  type OptionSpecs,
  type OptionValues,
  parseOptions,
  UsageError,
} from './options.js';
export { formatSeconds, ProgressBar } from './progress.js';
export {
  type EpochRecord,
  formatEpoch,
  printEpoch,
  type ReportMode,
  reportMode,
} from './reporter.js';

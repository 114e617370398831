export { type Comparison, compare } from './compare.js';
export { writeManifest } from './manifest.js';
export { metricsOf } from './metrics.js';
export { type CompareConfig, compareOptions } from './options.js';
export { formatComparison, maxRelativeDifference } from './report.js';
export { type MfnetRun, type RunResult, runMfnet } from './run-mfnet.js';
export { INSTALL_HINT, runTorch, TorchMissingError, torchVersion } from './run-torch.js';
export { type Experiment, loadExperiment } from './setup.js';

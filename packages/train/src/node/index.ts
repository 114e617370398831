// @mfnet/train/node: what needs Node (files, the terminal). Everything of the main entry is
// re-exported, so one import serves a Node program.
export * from '@mfnet/train';
export {
  type Checkpoint,
  type CheckpointOptions,
  checkpoint,
  type LoadCheckpointOptions,
  loadCheckpoint,
  type SaveCheckpointOptions,
  saveCheckpoint,
} from './checkpoint.js';
export { CHECKSUM_FIELD, checkpointSha256 } from './checkpoint-checksum.js';
export { CheckpointError } from './checkpoint-error.js';
export {
  CHECKPOINT_FORMAT,
  type CheckpointMetadata,
  parseCheckpointMetadata,
} from './checkpoint-metadata.js';
export { csvLogger, jsonLogger, toCsv } from './loggers.js';
export {
  formatSeconds,
  ProgressBar,
  type ProgressMode,
  type TerminalProgressOptions,
  terminalProgress,
} from './progress-bar.js';

export { CELoss, type CELossOptions } from './ce-loss.js';
export { DEFAULT_TARGET_TOLERANCE } from './check-targets.js';
export { NonFiniteLossError, TargetError } from './errors.js';
export type { Loss } from './loss.js';
export { MSELoss } from './mse-loss.js';

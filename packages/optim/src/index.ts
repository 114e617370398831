export { Adam, type AdamOptions } from './adam.js';
export { clipGradNorm } from './clip-grad-norm.js';
export { InvalidOptionError, NonFiniteGradientError, StateDictError } from './errors.js';
export { Optimizer, type OptimizerState } from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';

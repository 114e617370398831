export { type MnistConfig, mnistConfig, mnistOptions } from './options.js';
export { type MnistResult, train } from './train.js';

export { classify } from './classify.js';
export { CLASSES, loadMnistData, type MnistData, PIXELS } from './data.js';
export { type MnistConfig, mnistConfig, mnistOptions } from './options.js';
export { type MnistResult, train } from './train.js';

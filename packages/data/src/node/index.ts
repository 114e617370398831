// @mfnet/data/node: the readers that need Node (files, gzip, HTTP). Everything of the core
// entry is re-exported, so one import serves a Node program.
export * from '../index.js';
export { defaultCacheDir, type Env } from './cache-dir.js';
export {
  CALIFORNIA_HOUSING_URLS,
  type CaliforniaHousing,
  type LoadCaliforniaHousingOptions,
  loadCaliforniaHousing,
} from './california-housing.js';
export {
  type CaliforniaHousingTrainingSet,
  type CaliforniaHousingTrainingSetOptions,
  loadCaliforniaHousingTrainingSet,
} from './california-housing-training-set.js';
export { CAL_HOUSING_DATA_SHA256, MNIST_SHA256 } from './checksums.js';
export {
  type DownloadOptions,
  downloadFile,
  type FetchedFile,
  fetchToFile,
} from './download.js';
export { gunzipBytes } from './gunzip-file.js';
export type { SourceKind } from './locate.js';
export {
  type LoadMnistOptions,
  loadMnist,
  MNIST_FILES,
  MNIST_MIRRORS,
  type Mnist,
  type MnistBytes,
  type MnistSource,
  type MnistSourceOptions,
  type MnistSplit,
  readMnist,
} from './mnist.js';
export {
  loadMnistTrainingSet,
  MNIST_CLASSES,
  MNIST_PIXELS,
  type MnistTrainingSet,
  type MnistTrainingSetOptions,
} from './mnist-training-set.js';
export type { DownloadProgress } from './progress-bar.js';
export { readCsvFile } from './read-csv-file.js';
export { readIdxFile } from './read-idx-file.js';
export { extractTarFile, readTar, type TarEntry } from './tar.js';

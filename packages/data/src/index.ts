// The browser-safe core of @mfnet/data: nothing here imports a Node module.
// File, gzip and HTTP readers are in '@mfnet/data/node'.

export { type ByteMatrix, isByteMatrix } from './byte-matrix.js';
export {
  CAL_HOUSING_RAW_COLUMNS,
  CALIFORNIA_HOUSING_FEATURES,
  CALIFORNIA_HOUSING_TARGET,
  californiaHousingFromTable,
} from './california-housing.js';
export { type CsvTable, type ParseCsvOptions, parseCsv } from './csv.js';
export { type Batch, DataLoader, type DataLoaderOptions } from './data-loader.js';
export {
  ChecksumError,
  DataError,
  DatasetNotFoundError,
  type DownloadAttempt,
  DownloadError,
  ParseError,
} from './errors.js';
export {
  gunzip,
  type IdxArray,
  isGzip,
  type ReadIdxOptions,
  readIdx,
  readIdxAsync,
} from './idx.js';
export { type HostMatrix, isTensor, type MatrixInput, toHostMatrix } from './matrix.js';
export { oneHot, oneHotMatrix } from './one-hot.js';
export { scalePixels } from './scale-pixels.js';
export { StandardScaler } from './standard-scaler.js';
export {
  type TrainTestSplit,
  type TrainTestSplitOptions,
  takeRows,
  trainTestSplit,
} from './train-test-split.js';

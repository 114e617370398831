import { type IdxArray, isGzip, type ReadIdxOptions, readIdx } from '../idx.js';
import { gunzipBytes } from './gunzip-file.js';
import { readBytes } from './read-bytes.js';

/**
 * Reads an IDX file, raw or gzipped (told by its first bytes, whatever its name), and checks
 * its magic number, dimensions and exact length. Errors name the file and the byte offset
 * (of the decompressed data for a `.gz`).
 */
export async function readIdxFile(
  path: string,
  options: Omit<ReadIdxOptions, 'source'> = {},
): Promise<IdxArray> {
  const bytes = await readBytes(path);
  if (isGzip(bytes) || path.endsWith('.gz')) {
    const raw = await gunzipBytes(bytes, path);
    return readIdx(raw, { ...options, source: `${path} (decompressed)` });
  }
  return readIdx(bytes, { ...options, source: path });
}

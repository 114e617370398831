import { createGunzip, gunzipSync } from 'node:zlib';
import { ParseError } from '../errors.js';
import { isGzip } from '../idx.js';

const LOCATE_CHUNK = 4096;
/** Output chunks never start larger than this, whatever a (possibly corrupt) trailer says. */
const MAX_SIZE_HINT = 1 << 28;

/**
 * Decompresses gzip `bytes` read from `source`. On failure the ParseError says where in the
 * compressed bytes the stream broke: at its end (a truncated file) or inside it (corrupt data,
 * located to within 4 KiB).
 */
export async function gunzipBytes(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) {
    const found = Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, '0'));
    throw new ParseError(
      `${source}: not gzip: expected the magic bytes 1f 8b at byte offset 0, found ${found.length ? found.join(' ') : 'an empty file'}`,
    );
  }
  try {
    // The trailer's last 4 bytes are the decompressed size (mod 2^32): with one output chunk of
    // that size zlib writes the result in place, instead of gathering chunks and concatenating
    // them (which briefly holds the data twice: 47 MB more peak memory for MNIST's images). A
    // wrong hint only means more chunks.
    const hint =
      bytes.length >= 18
        ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 4, true)
        : 0;
    return gunzipSync(bytes, { chunkSize: Math.min(Math.max(hint + 1, 64 * 1024), MAX_SIZE_HINT) });
  } catch (error) {
    const failure = await locateFailure(bytes);
    const reason = (error as Error).message;
    if (failure.truncated) {
      throw new ParseError(
        `${source}: truncated gzip: the compressed stream stops at byte offset ${bytes.length} (the end of the file) before its end marker, after ${failure.decompressed} decompressed bytes (zlib: ${reason})`,
      );
    }
    throw new ParseError(
      `${source}: corrupt gzip data between compressed byte offsets ${failure.consumed} and ${Math.min(failure.consumed + LOCATE_CHUNK, bytes.length)} of ${bytes.length}, after ${failure.decompressed} decompressed bytes (zlib: ${reason})`,
    );
  }
}

/** Replays the decompression in small chunks to see how far it got. */
function locateFailure(
  bytes: Uint8Array,
): Promise<{ truncated: boolean; consumed: number; decompressed: number }> {
  return new Promise((resolve) => {
    const stream = createGunzip();
    let decompressed = 0;
    stream.on('data', (chunk: Buffer) => {
      decompressed += chunk.length;
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      resolve({
        truncated: error.code === 'Z_BUF_ERROR',
        consumed: stream.bytesWritten,
        decompressed,
      });
    });
    stream.on('end', () => resolve({ truncated: false, consumed: bytes.length, decompressed }));
    for (let i = 0; i < bytes.length; i += LOCATE_CHUNK) {
      stream.write(bytes.subarray(i, i + LOCATE_CHUNK));
    }
    stream.end();
  });
}

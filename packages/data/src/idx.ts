import { inFile, ParseError } from './errors.js';

/** An IDX array (the format of the MNIST files): its dimensions and its bytes, row-major. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export interface ReadIdxOptions {
  /** A name for the bytes (a file name or URL) used in error messages. */
  source?: string;
  /** Require this many dimensions (1 for labels, 3 for images). */
  ndim?: number;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  8: 'unsigned byte',
  9: 'signed byte',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes uncompressed IDX bytes: a magic number 00 00 08 <ndim> (big-endian, 08 = unsigned
 * bytes; MNIST labels are 0x00000801 and images 0x00000803), ndim big-endian uint32 sizes, then
 * exactly their product of bytes. The data is a view into `bytes`, not a copy.
 *
 * Gzipped bytes are refused with a hint: decompress them first (`readIdxAsync` here, or
 * `readIdxFile` from `@mfnet/data/node`).
 */
export function readIdx(bytes: Uint8Array, options: ReadIdxOptions = {}): IdxArray {
  const where = inFile(options.source);
  if (!(bytes instanceof Uint8Array)) {
    throw new ParseError(`readIdx: ${where}expected a Uint8Array of IDX bytes`);
  }
  if (isGzip(bytes)) {
    throw new ParseError(
      `readIdx: ${where}the bytes are gzip-compressed (they start with 1f 8b): pass the decompressed bytes, ` +
        "use `await readIdxAsync(bytes)`, or `readIdxFile(path)` from '@mfnet/data/node'",
    );
  }
  if (bytes.length < 4) {
    throw new ParseError(
      `readIdx: ${where}truncated: an IDX file starts with a 4-byte magic number, found only ${bytes.length} byte(s)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = bytes[2]!;
  const ndim = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ParseError(
      `readIdx: ${where}bad magic number 0x${hex32(view.getUint32(0))} at byte offset 0: an IDX file starts with 00 00 08 <ndim> (0x00000801 for labels, 0x00000803 for images)`,
    );
  }
  if (type !== UNSIGNED_BYTE) {
    throw new ParseError(
      `readIdx: ${where}element type 0x${hex8(type)} (${TYPE_NAMES[type] ?? 'unknown'}) at byte offset 2 is not supported: expected 0x08 (unsigned byte), as in MNIST`,
    );
  }
  if (ndim === 0) {
    throw new ParseError(`readIdx: ${where}the magic number at byte offset 0 says 0 dimensions`);
  }
  if (options.ndim !== undefined && ndim !== options.ndim) {
    throw new ParseError(
      `readIdx: ${where}expected ${options.ndim} dimension(s) (magic 0x0000080${options.ndim}), found ${ndim} (magic 0x${hex32(view.getUint32(0))})`,
    );
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw new ParseError(
      `readIdx: ${where}truncated header: ${ndim} dimension sizes need ${headerBytes} bytes, found ${bytes.length}`,
    );
  }
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d);
    dims.push(size);
    count *= size;
  }
  const expected = headerBytes + count;
  if (bytes.length < expected) {
    throw new ParseError(
      `readIdx: ${where}truncated: dimensions [${dims.join(', ')}] need ${headerBytes} + ${count} = ${expected} bytes, found ${bytes.length} (the data stops at byte offset ${bytes.length})`,
    );
  }
  if (bytes.length > expected) {
    throw new ParseError(
      `readIdx: ${where}${bytes.length - expected} unexpected byte(s) after the data: dimensions [${dims.join(', ')}] need exactly ${expected} bytes, found ${bytes.length} (extra bytes from byte offset ${expected})`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes, expected) };
}

/**
 * `readIdx` that also accepts gzipped bytes, decompressed with the platform's
 * `DecompressionStream` (browsers, Deno, Node ≥ 18).
 */
export async function readIdxAsync(
  bytes: Uint8Array,
  options: ReadIdxOptions = {},
): Promise<IdxArray> {
  return readIdx(isGzip(bytes) ? await gunzip(bytes, options.source) : bytes, options);
}

interface DecompressionStreamLike {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}

/** Decompresses gzip bytes with the platform's `DecompressionStream` (no Node modules). */
export async function gunzip(bytes: Uint8Array, source?: string): Promise<Uint8Array> {
  const where = inFile(source);
  const Ctor = (
    globalThis as { DecompressionStream?: new (format: string) => DecompressionStreamLike }
  ).DecompressionStream;
  if (Ctor === undefined) {
    throw new ParseError(
      `gunzip: ${where}this platform has no DecompressionStream: pass decompressed bytes, or use '@mfnet/data/node'`,
    );
  }
  const stream = new Ctor('gzip');
  const writer = stream.writable.getWriter();
  const written = writer.write(bytes).then(() => writer.close());
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
    await written;
  } catch (error) {
    written.catch(() => undefined);
    throw new ParseError(
      `gunzip: ${where}not a valid gzip stream (${bytes.length} compressed bytes; ${total} bytes decompressed before the error): ${(error as Error).message}`,
    );
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function hex32(v: number): string {
  return v.toString(16).padStart(8, '0');
}

function hex8(v: number): string {
  return v.toString(16).padStart(2, '0');
}

import { ParseError } from '../errors.js';

/** One regular file of a tar archive; `data` is a view into the archive. */
export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;
const decoder = new TextDecoder('utf-8');

/**
 * The regular files of a (ustar, GNU or pax) tar archive, as views into `tar`. Each header is a
 * 512-byte block: name at 0–100, size in octal at 124–136, checksum at 148–156, type at 156,
 * the ustar prefix at 345–500; the data follows, padded to a whole block. Errors name the
 * archive and the byte offset of the bad header.
 */
export function readTar(tar: Uint8Array, source: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return entries; // end-of-archive marker
    const stored = parseOctal(header.subarray(148, 156));
    const actual = headerChecksum(header);
    if (stored !== actual) {
      throw new ParseError(
        `${source}: bad tar header at byte offset ${offset}: checksum field says ${stored}, the header sums to ${actual}`,
      );
    }
    const size = parseSize(header.subarray(124, 136));
    if (size === undefined) {
      throw new ParseError(`${source}: bad size field in the tar header at byte offset ${offset}`);
    }
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) {
      throw new ParseError(
        `${source}: truncated tar: the entry at byte offset ${offset} needs ${size} bytes from byte offset ${dataStart}, the archive ends at ${tar.length}`,
      );
    }
    const data = tar.subarray(dataStart, dataStart + size);
    const type = String.fromCharCode(header[156]!);
    if (type === 'L') {
      longName = cString(data);
    } else if (type === 'x') {
      longName = paxPath(data) ?? longName;
    } else if (type === '0' || type === '\0' || type === '7') {
      entries.push({ name: longName ?? headerName(header), data });
      longName = undefined;
    } else {
      longName = undefined; // directories, links, global pax headers…
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (offset !== tar.length || tar.length === 0) {
    throw new ParseError(
      `${source}: truncated tar: it ends at byte offset ${tar.length} inside a 512-byte header that starts at ${offset}`,
    );
  }
  return entries; // no end marker, but every entry was whole
}

/** The file named `basename` (in any folder) of a tar archive. */
export function extractTarFile(tar: Uint8Array, basename: string, source: string): Uint8Array {
  const entries = readTar(tar, source);
  const entry = entries.find((e) => e.name === basename || e.name.endsWith(`/${basename}`));
  if (entry === undefined) {
    throw new ParseError(
      `${source}: the archive has no file ${basename}; it holds ${entries.length ? entries.map((e) => e.name).join(', ') : 'no files'}`,
    );
  }
  return entry.data;
}

function headerName(header: Uint8Array): string {
  const name = cString(header.subarray(0, 100));
  const ustar = decoder.decode(header.subarray(257, 262)) === 'ustar';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function parseOctal(field: Uint8Array): number {
  const text = cString(field).trim();
  return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number.NaN;
}

/** Octal, or GNU base-256 when the first byte has its high bit set. */
function parseSize(field: Uint8Array): number | undefined {
  if (field[0]! & 0x80) {
    let size = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) size = size * 256 + field[i]!;
    return Number.isSafeInteger(size) ? size : undefined;
  }
  const size = parseOctal(field);
  return Number.isNaN(size) ? undefined : size;
}

/** The sum of the header's bytes with the checksum field counted as 8 spaces. */
function headerChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

/** The `path` record of a pax extended header ("<len> path=<name>\n" records). */
function paxPath(data: Uint8Array): string | undefined {
  for (const record of decoder.decode(data).split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

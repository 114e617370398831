import { readFile } from 'node:fs/promises';
import { DataError } from '../errors.js';

/** The bytes of a file; a missing or unreadable file is a DataError naming it. */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new DataError(`cannot read ${path}: ${e.code ?? ''} ${e.message}`.trim());
  }
}

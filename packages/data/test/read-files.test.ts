import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Rng } from '@mfnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataError,
  extractTarFile,
  ParseError,
  readCsvFile,
  readIdxFile,
  readTar,
} from '../src/node/index.js';
import { makeIdx } from './helpers/idx-writer.js';
import { makeTar } from './helpers/tar-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'mfnet-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// random pixels, so that the gzip stream is long enough to cut and corrupt
const rng = new Rng(1);
const pixels = Uint8Array.from({ length: 50 * 28 * 28 }, () => rng.int(256));
const idx = makeIdx([50, 28, 28], pixels);
const gz = new Uint8Array(gzipSync(idx));

describe('readIdxFile', () => {
  it('reads raw and gzipped files alike', async () => {
    const raw = await readIdxFile(file('a-idx3-ubyte', idx));
    const zipped = await readIdxFile(file('a-idx3-ubyte.gz', gz));
    expect(raw.dims).toEqual([50, 28, 28]);
    expect(Buffer.compare(raw.data, zipped.data)).toBe(0);
  });

  it('reports a truncated .gz with the file name and the offset where it stops', async () => {
    const path = file('cut.gz', gz.subarray(0, 5000));
    const error = await readIdxFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/truncated gzip: .* stops at byte offset 5000/);
  });

  it('reports corrupt deflate data with a byte range', async () => {
    const bad = gz.slice();
    for (let i = 3000; i < 3100; i++) bad[i]! ^= 0x5a;
    const error = await readIdxFile(file('bad.gz', bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(
      /bad\.gz: (corrupt gzip data between compressed byte offsets \d+ and \d+|truncated gzip)/,
    );
  });

  it('refuses a .gz that is not gzip, naming the bytes found', async () => {
    const error = await readIdxFile(file('fake.gz', idx)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(
      /fake\.gz: not gzip: expected .* 1f 8b .* found 00 00/,
    );
  });

  it('names the decompressed data when the IDX inside a .gz is short', async () => {
    const path = file('short.gz', new Uint8Array(gzipSync(idx.subarray(0, 1000))));
    await expect(readIdxFile(path)).rejects.toThrow(/short\.gz \(decompressed\): truncated/);
  });

  it('reports a missing file as a DataError', async () => {
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(DataError);
    await expect(readIdxFile(join(dir, 'nope'))).rejects.toThrow(/ENOENT/);
  });
});

describe('readCsvFile', () => {
  it('reads a CRLF file with a header', async () => {
    const t = await readCsvFile(file('t.csv', 'a,b\r\n1,2\r\n3,4\r\n'));
    expect(t.header).toEqual(['a', 'b']);
    expect([...t.data]).toEqual([1, 2, 3, 4]);
  });
});

describe('the tar reader', () => {
  const enc = new TextEncoder();
  const tar = makeTar([
    { name: 'CaliforniaHousing/cal_housing.domain', data: enc.encode('domain') },
    { name: 'CaliforniaHousing/cal_housing.data', data: enc.encode('1,2\n'.repeat(300)) },
  ]);

  it('lists the files and extracts one by base name', () => {
    expect(readTar(tar, 'x.tar').map((e) => e.name)).toEqual([
      'CaliforniaHousing/cal_housing.domain',
      'CaliforniaHousing/cal_housing.data',
    ]);
    const data = extractTarFile(tar, 'cal_housing.data', 'x.tar');
    expect(new TextDecoder().decode(data)).toBe('1,2\n'.repeat(300));
  });

  it('names the archive, the missing file and the offsets of bad headers', () => {
    expect(() => extractTarFile(tar, 'other', 'x.tar')).toThrow(
      /x\.tar: the archive has no file other/,
    );
    const broken = tar.slice();
    broken[512 + 512 + 10]! ^= 1; // a name byte of the second header (at offset 1024)
    expect(() => readTar(broken, 'x.tar')).toThrow(/bad tar header at byte offset 1024/);
    expect(() => readTar(tar.subarray(0, 1700), 'x.tar')).toThrow(
      /truncated tar: the entry at byte offset 1024 needs 1200 bytes from byte offset 1536, the archive ends at 1700/,
    );
    expect(() => readTar(tar.subarray(0, 1500), 'x.tar')).toThrow(
      /truncated tar: it ends at byte offset 1500 inside a 512-byte header that starts at 1024/,
    );
  });
});

import { gzipSync } from 'node:zlib';
import { MfnetError } from '@mfnet/tensor';
import { describe, expect, it } from 'vitest';
import { ParseError, readIdx, readIdxAsync } from '../src/index.js';
import { makeIdx } from './helpers/idx-writer.js';

describe('readIdx', () => {
  it('decodes labels (1 dim) and images (3 dims) as views of the bytes', () => {
    const labels = readIdx(makeIdx([3], [7, 0, 9]));
    expect(labels.dims).toEqual([3]);
    expect([...labels.data]).toEqual([7, 0, 9]);
    const pixels = Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => i * 20);
    const bytes = makeIdx([2, 2, 3], pixels);
    const images = readIdx(bytes, { ndim: 3 });
    expect(images.dims).toEqual([2, 2, 3]);
    expect([...images.data]).toEqual([...pixels]);
    expect(images.data.buffer).toBe(bytes.buffer);
  });

  it('names the bad magic number and its offset', () => {
    const bytes = makeIdx([1], [1]);
    bytes[0] = 0x12;
    expect(() => readIdx(bytes, { source: 'x.idx' })).toThrow(
      /x\.idx: bad magic number 0x12000801 at byte offset 0/,
    );
  });

  it('refuses element types other than unsigned bytes, and the wrong ndim', () => {
    const f32 = makeIdx([1], [1]);
    f32[2] = 0x0d;
    expect(() => readIdx(f32)).toThrow(/0x0d \(float32\)/);
    expect(() => readIdx(makeIdx([2], [1, 2]), { ndim: 3 })).toThrow(
      /expected 3 dimension\(s\).*found 1/,
    );
  });

  it('says how many bytes a truncated file lacks and where extra bytes start', () => {
    const bytes = makeIdx([2, 2, 2], new Uint8Array(8));
    expect(() => readIdx(bytes.subarray(0, 20), { source: 'f' })).toThrow(
      /f: truncated: dimensions \[2, 2, 2\] need 16 \+ 8 = 24 bytes, found 20/,
    );
    expect(() => readIdx(bytes.subarray(0, 10))).toThrow(/truncated header/);
    const longer = new Uint8Array(26);
    longer.set(bytes);
    expect(() => readIdx(longer)).toThrow(/2 unexpected byte\(s\).*from byte offset 24/);
  });

  it('sends gzip bytes to the async reader, which decompresses them', async () => {
    const gz = new Uint8Array(gzipSync(makeIdx([2], [4, 5])));
    expect(() => readIdx(gz)).toThrow(/gzip-compressed.*readIdxAsync/);
    const decoded = await readIdxAsync(gz);
    expect([...decoded.data]).toEqual([4, 5]);
    await expect(readIdxAsync(gz.subarray(0, gz.length - 6))).rejects.toThrow(ParseError);
  });

  it('throws only MfnetErrors', () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([0]), new Uint8Array([0, 0, 8, 0])]) {
      expect(() => readIdx(bytes)).toThrow(MfnetError);
    }
  });
});

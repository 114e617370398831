import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MfnetError } from '@mfnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError, parseCsv, readIdx, readIdxAsync } from '../src/index.js';
import { gunzipBytes } from '../src/node/gunzip-file.js';
import { readTar } from '../src/node/tar.js';
import { makeIdx } from './helpers/idx-writer.js';
import { haveMnist, mnistDir } from './helpers/shared.js';
import { makeTar } from './helpers/tar-writer.js';

/** Runs `f`; a thrown error must be a ParseError (a typed MfnetError), never anything else. */
function dataOrParseError<T>(f: () => T): T | ParseError {
  try {
    return f();
  } catch (error) {
    expect(error).toBeInstanceOf(MfnetError);
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
}

async function dataOrParseErrorAsync<T>(f: () => Promise<T>): Promise<T | ParseError> {
  try {
    return await f();
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
}

/** The start of the real test labels and images (or synthetic headers without the data). */
const realHeads: Uint8Array[] = haveMnist
  ? ['t10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz'].map((f) =>
      new Uint8Array(gunzipSync(readFileSync(join(mnistDir, f)))).subarray(0, 4096),
    )
  : [makeIdx([10000], new Uint8Array(100)), makeIdx([10000, 28, 28], new Uint8Array(100))];

const mutations = fc.record({
  head: fc.integer({ min: 0, max: realHeads.length - 1 }),
  flips: fc.array(fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), {
    maxLength: 4,
  }),
  cut: fc.option(fc.nat(), { nil: undefined }),
});

function mutate(
  bytes: Uint8Array,
  m: { flips: { at: number; bit: number }[]; cut?: number | undefined },
): Uint8Array {
  let out = bytes.slice();
  for (const { at, bit } of m.flips) out[at % out.length]! ^= 1 << bit;
  if (m.cut !== undefined) out = out.subarray(0, m.cut % (out.length + 1));
  return out;
}

describe('readIdx under random and mutated bytes', () => {
  it('returns data or a ParseError for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = dataOrParseError(() => readIdx(bytes));
        if (!(r instanceof ParseError)) {
          expect(r.data.length).toBe(r.dims.reduce((a, b) => a * b, 1));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('returns data or a ParseError for random header dims and body lengths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.nat({ max: 0xffffffff })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.nat({ max: 400 }),
        (dims, bodyLength) => {
          const bytes = makeIdx(dims, new Uint8Array(bodyLength));
          const r = dataOrParseError(() => readIdx(bytes));
          const product = dims.reduce((a, b) => a * b, 1);
          if (product === bodyLength) expect(r).not.toBeInstanceOf(ParseError);
          else expect(r).toBeInstanceOf(ParseError);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns data or a ParseError for bit flips and truncations of real MNIST headers', () => {
    fc.assert(
      fc.property(mutations, (m) => {
        dataOrParseError(() => readIdx(mutate(realHeads[m.head]!, m)));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any valid small array', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((dims) =>
          fc.tuple(
            fc.constant(dims),
            fc.uint8Array({
              minLength: dims.reduce((a, b) => a * b, 1),
              maxLength: dims.reduce((a, b) => a * b, 1),
            }),
          ),
        ),
        ([dims, data]) => {
          const r = readIdx(makeIdx(dims, data));
          expect(r.dims).toEqual(dims);
          expect([...r.data]).toEqual([...data]);
        },
      ),
    );
  });
});

describe('gzip readers under mutated bytes', () => {
  const gz = new Uint8Array(
    gzipSync(
      makeIdx(
        [3, 10, 10],
        new Uint8Array(300).map((_, i) => i),
      ),
    ),
  );

  it('Node gunzip + readIdx: data or a ParseError', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (m) => {
        await dataOrParseErrorAsync(async () => readIdx(await gunzipBytes(mutate(gz, m), 'f.gz')));
      }),
      { numRuns: 200 },
    );
  });

  it('DecompressionStream (core) + readIdx: data or a ParseError', async () => {
    await fc.assert(
      fc.asyncProperty(mutations, async (m) => {
        await dataOrParseErrorAsync(() => readIdxAsync(mutate(gz, m)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseCsv under random text', () => {
  const csvChars = fc.constantFrom(...',,,0123456789.-+eE\n\n\r "ab;'.split(''));

  it('returns a well-formed table or a ParseError', () => {
    fc.assert(
      fc.property(
        fc.array(csvChars, { maxLength: 120 }).map((cs) => cs.join('')),
        (text) => {
          const r = dataOrParseError(() => parseCsv(text));
          if (!(r instanceof ParseError)) {
            expect(r.data.length).toBe(r.rows * r.columns);
            expect(r.data.every(Number.isFinite)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('round-trips any finite matrix, with LF or CRLF', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.array(
            fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
              minLength: cols,
              maxLength: cols,
            }),
            {
              minLength: 1,
              maxLength: 8,
            },
          ),
        ),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          const text = rows.map((r) => r.map((v) => String(v)).join(',')).join(eol) + eol;
          const t = parseCsv(text, { header: false });
          expect(t.rows).toBe(rows.length);
          // -0 prints as "0"; compare with == semantics
          expect([...t.data].map((v) => v + 0)).toEqual(rows.flat().map((v) => v + 0));
        },
      ),
    );
  });
});

describe('readTar under mutated bytes', () => {
  const tar = makeTar([
    { name: 'a/b.txt', data: new Uint8Array(700).fill(65) },
    { name: 'c.data', data: new Uint8Array(10).fill(66) },
  ]);

  it('returns entries or a ParseError', () => {
    fc.assert(
      fc.property(mutations, (m) => {
        const r = dataOrParseError(() => readTar(mutate(tar, m), 't.tar'));
        if (!(r instanceof ParseError)) {
          for (const e of r) expect(e.data.length).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

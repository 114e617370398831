import { activationCases } from './cases-activations.js';
import { columnCases } from './cases-columns.js';
import { elementwiseCases } from './cases-elementwise.js';
import { errorCases } from './cases-errors.js';
import { lossCases } from './cases-loss.js';
import { matmulCases } from './cases-matmul.js';
import { outCases } from './cases-out.js';
import { randomCases } from './cases-random.js';
import { reductionCases } from './cases-reductions.js';
import { rowCases } from './cases-rows.js';
import { storageCases } from './cases-storage.js';
import type { ConformanceCase } from './types.js';

/** Every case of the conformance suite, as plain data: run them with any test runner. */
export function conformanceCases(): ConformanceCase[] {
  return [
    ...storageCases(),
    ...matmulCases(),
    ...elementwiseCases(),
    ...activationCases(),
    ...rowCases(),
    ...columnCases(),
    ...lossCases(),
    ...reductionCases(),
    ...outCases(),
    ...errorCases(),
    ...randomCases(),
  ];
}

/**
 * `@mfnet/tensor/testing`: helpers for the tests of mfnet's packages and of other backends'
 * packages. ESM only; needs vitest (an optional peer dependency). gpu.js is loaded only when
 * `describeOnBackends` or `gpujsUnderTest` asks for it, so this entry point imports without it.
 */

export { APPENDIX_A, type AppendixAWeights, type Rows } from './appendix-a.js';
export { describeOnBackends, gpujsUnderTest } from './backends-under-test.js';
export { type CountingBackend, countingBackend } from './counting-backend.js';
export { maxAbsDiff } from './max-abs-diff.js';

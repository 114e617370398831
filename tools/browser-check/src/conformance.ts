import { GpujsBackend } from '@mfnet/tensor/gpujs';
// The suite's runner without its vitest wrapper (suite.ts), which a page cannot load.
import { conformanceCases } from '../../../packages/tensor/src/conformance/cases.js';
import { checkConformance } from '../../../packages/tensor/src/conformance/run.js';

/** What the page reports for `?conformance`. */
export interface ConformanceReport {
  engine: string;
  cases: number;
  failures: string[];
  seconds: number;
}

/**
 * The backend conformance suite on the engine that `auto` picks in this browser (WebGL2 on
 * SwiftShader in headless Chromium). One gpu.js instance, so one WebGL context, serves the fresh
 * backend each case asks for: browsers keep only a few contexts alive.
 */
export function runConformance(): ConformanceReport {
  const start = performance.now();
  const first = new GpujsBackend();
  const failures = checkConformance({
    name: `gpujs ${first.engine}`,
    makeBackend: () => new GpujsBackend({ gpu: first.gpu }),
    dtype: 'float32',
  });
  return {
    engine: first.engine,
    cases: conformanceCases().length,
    failures: failures.map(({ case: c, error }) => {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return `${c.group} / ${c.name}: ${message}`;
    }),
    seconds: (performance.now() - start) / 1e3,
  };
}

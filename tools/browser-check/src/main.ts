import { type ConformanceReport, runConformance } from './conformance.js';
import type { ResponsivenessReport } from './fit-responsive.js';
import type { PerfReport } from './perf/perf.js';
import type { StepBoundsReport } from './step-bounds.js';
import { type TrainResult, train } from './train.js';

declare global {
  interface Window {
    mfnetResult?:
      | TrainResult
      | ConformanceReport
      | PerfReport
      | ResponsivenessReport
      | StepBoundsReport
      | { error: string };
  }
}

// `?conformance` runs the backend conformance suite instead of the training, `?perf` the
// measurements of perf/ (scripts/perf.mjs drives it), `?fit` measures how responsive the page
// stays while @mfnet/train's fit runs on the CPU backend, `?step` the gpu.js backend's training
// step through its counters (read-backs, live and pooled textures).
// Run after the page has loaded, so that a long computation does not hold up the load event.
setTimeout(async () => {
  const output = document.getElementById('result');
  try {
    // `?perf` (loaded on demand, with TF.js): gpu.js's cost per kernel call and the MNIST step.
    const result = location.search.includes('perf')
      ? await (await import('./perf/perf.js')).runPerf()
      : location.search.includes('step')
        ? (await import('./step-bounds.js')).stepBounds()
        : location.search.includes('fit')
          ? await (await import('./fit-responsive.js')).measureResponsiveness()
          : location.search.includes('conformance')
            ? runConformance()
            : train();
    window.mfnetResult = result;
    if (output) output.textContent = JSON.stringify(result, null, 2);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    window.mfnetResult = { error: message };
    if (output) output.textContent = message;
  }
}, 0);

import { epochTask, runBench } from '../../src/bench.js';
import { compareGpujs, type ProfileResult, profile } from './profile.js';
import { makeSetups } from './setups.js';
import { randomMnistWorkload } from './workload.js';

/** What the page's benchmark returns (plain data, for page.evaluate). */
export interface BrowserBenchResult {
  steps: number;
  runs: number;
  rows: {
    id: string;
    label: string;
    engine: string;
    /** Milliseconds per training step, one per run, in the order measured. */
    msPerStep: number[];
    error?: string;
  }[];
  /** Setups that could not start here, and why. */
  failed: Record<string, string>;
  /** The unmasked WebGL2 renderer of the page ('' without WebGL2). */
  renderer: string;
  userAgent: string;
}

export interface BrowserBenchOptions {
  /** Training steps per run (default 200). */
  steps?: number;
  /** Interleaved runs per setup, whose median is the figure (default 3). */
  runs?: number;
}

declare global {
  interface Window {
    mfnetBench: {
      run(options?: BrowserBenchOptions): Promise<BrowserBenchResult>;
      /** Per-kernel times of the gpu.js backend's step, and gpu.js's cost per call. */
      profile(options?: { steps?: number }): Promise<ProfileResult>;
      /** gpu.js backends with different options, side by side (ms per step). */
      compareGpujs: typeof compareGpujs;
    };
  }
}

function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return '';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/**
 * Every setup runs the same `steps` training steps `runs` times, interleaved with the order
 * rotating each round (tools/bench's runBench), after an untimed warm-up of a few steps that
 * compiles shaders and warms the JIT.
 */
async function run({
  steps = 200,
  runs = 3,
}: BrowserBenchOptions = {}): Promise<BrowserBenchResult> {
  const work = randomMnistWorkload(steps);
  const { setups, failed } = await makeSetups();
  const measured = await runBench({
    runners: setups.map((s) => s.runner),
    tasks: [epochTask(work)],
    runs,
    warmupFraction: Math.min(1, 10 / steps),
    // runBench reports each sample in seconds per "epoch", which here is `steps` steps.
    log: (line) =>
      console.log(
        line.replace(
          / mnist +(\S+) s\/epoch$/,
          (_, s: string) => ` ${((Number(s) * 1000) / steps).toFixed(2)} ms per step`,
        ),
      ),
  });
  return {
    steps,
    runs,
    rows: setups.map((setup, i) => {
      const m = measured[i]!;
      const error = m.errors.get(work.name);
      return {
        id: setup.id,
        label: setup.runner.label,
        engine: setup.engine,
        // An "epoch" of this workload is `steps` steps (seconds → ms per step).
        msPerStep: (m.samples.get(work.name) ?? []).map((s) => (s * 1000) / steps),
        ...(error === undefined ? {} : { error }),
      };
    }),
    failed,
    renderer: webglRenderer(),
    userAgent: navigator.userAgent,
  };
}

window.mfnetBench = { run, profile, compareGpujs };

// `?steps=…&runs=…` runs on load and shows the result (for a person at a browser).
const query = new URLSearchParams(location.search);
if (query.has('steps')) {
  const output = document.getElementById('result');
  run({ steps: Number(query.get('steps')), runs: Number(query.get('runs') ?? 3) }).then(
    (result) => {
      if (output) output.textContent = JSON.stringify(result, null, 2);
    },
    (error: unknown) => {
      if (output) output.textContent = String(error);
    },
  );
}

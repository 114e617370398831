import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../src/conformance/index.js';
import { createThreadedCpuBackend, ThreadedCpuBackend } from '../src/node/index.js';

// The threaded CPU backend against the float64 reference, with every product split (threshold
// 0). Its backends share one worker per thread: the first is awaited so that the worker is up
// before the suite's synchronous cases run.
const made: ThreadedCpuBackend[] = [await createThreadedCpuBackend({ threshold: 0 })];
const makeBackend = () => {
  const backend = new ThreadedCpuBackend({ threshold: 0 });
  made.push(backend);
  return backend;
};
runConformanceSuite({ name: 'cpu threaded', makeBackend, dtype: 'float64' });
runConformanceSuite({ name: 'cpu threaded', makeBackend, dtype: 'float32' });

describe('cpu threaded conformance', () => {
  it('split products over the two threads', () => {
    const splits = made.reduce((n, backend) => n + backend.splitProducts, 0);
    expect(splits).toBeGreaterThan(0);
  });
});

import { type CpuBackend, createCpuBackend } from '@mfnet/tensor';
import { MfnetRunner } from '../../src/runners/mfnet.js';
import type { Runner } from '../../src/runners/runner.js';
import { TfjsRunner } from '../../src/runners/tfjs.js';
import { useServedWasm } from './tfjs-wasm.js';

/** One row of the browser table: a runner and what it actually ran on. */
export interface Setup {
  /** The row's key: mfnet-cpu, mfnet-gpujs, tfjs-webgl, tfjs-webgl-read, tfjs-wasm. */
  id: string;
  runner: Runner;
  /** The engine it ran on, e.g. `webgl2`, `wasm simd`. */
  engine: string;
}

/** A runner under another table label (the methods stay the runner's own). */
function labelled(runner: Runner, label: string): Runner {
  return {
    label,
    framework: runner.framework,
    backend: runner.backend,
    dtype: runner.dtype,
    matmul: (n) => runner.matmul(n),
    epoch: (work, fraction) => runner.epoch(work, fraction),
    close: () => runner.close(),
  };
}

/**
 * The five setups of the table, each the Node benchmark's runner (the same training step) on a
 * browser engine. One that cannot start here is left out with its reason in `failed`.
 */
export async function makeSetups(): Promise<{ setups: Setup[]; failed: Record<string, string> }> {
  const setups: Setup[] = [];
  const failed: Record<string, string> = {};
  const attempt = async (id: string, make: () => Promise<Setup>) => {
    try {
      setups.push(await make());
    } catch (error) {
      failed[id] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  };

  await attempt('mfnet-cpu', async () => {
    const backend = createCpuBackend();
    const kernels = (backend.raw as CpuBackend).kernels;
    const engine =
      kernels === 'wasm-relaxed'
        ? 'WebAssembly relaxed SIMD'
        : kernels === 'wasm-simd'
          ? 'WebAssembly SIMD'
          : 'TypeScript (no SIMD here)';
    const runner = new MfnetRunner(backend, 'float32');
    return { id: 'mfnet-cpu', runner: labelled(runner, `mfnet CPU backend (${engine})`), engine };
  });
  await attempt('mfnet-gpujs', async () => {
    // gpu.js is loaded only for this row, as an app would.
    const { createGpujsBackend, GpujsBackend } = await import('@mfnet/tensor/gpujs');
    const backend = createGpujsBackend({ engine: 'auto' });
    const runner = new MfnetRunner(backend, 'float32');
    const engine = (backend.raw as InstanceType<typeof GpujsBackend>).engine;
    return {
      id: 'mfnet-gpujs',
      runner: labelled(runner, `mfnet gpu.js backend (${engine})`),
      engine,
    };
  });

  await useServedWasm();
  const tfjs = await import('@tensorflow/tfjs');
  const version = tfjs.version_core;
  await attempt('tfjs-webgl', async () => {
    const runner = await TfjsRunner.create('webgl', { readLoss: false });
    return {
      id: 'tfjs-webgl',
      runner: labelled(runner, `TensorFlow.js ${version} webgl`),
      engine: `webgl ${tfjs.env().getNumber('WEBGL_VERSION')}`,
    };
  });
  await attempt('tfjs-webgl-read', async () => {
    const runner = await TfjsRunner.create('webgl');
    return {
      id: 'tfjs-webgl-read',
      runner: labelled(runner, `TensorFlow.js ${version} webgl, loss read back every step`),
      engine: `webgl ${tfjs.env().getNumber('WEBGL_VERSION')}`,
    };
  });
  await attempt('tfjs-wasm', async () => {
    const runner = await TfjsRunner.create('wasm');
    const simd = await tfjs.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tfjs.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const engine = `wasm${simd ? ' simd' : ''}${threads ? ' threaded' : ', 1 thread'}`;
    return { id: 'tfjs-wasm', runner: labelled(runner, `TensorFlow.js ${version} wasm`), engine };
  });
  return { setups, failed };
}

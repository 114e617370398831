import { spawnSync } from 'node:child_process';
import { CpuBackend } from '@mfnet/tensor';

/** The V8 flag under which Node 20 runs WebAssembly relaxed SIMD (mfnet's FMA kernels). */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/**
 * Where mfnet's CPU backend falls short of its relaxed-SIMD kernels only for want of the flag
 * (Node 20), runs this same program again with the flag and exits with its status, so that
 * `npx tsx src/main.ts` measures the kernels the apps use. Returns where nothing needs doing.
 */
export function rerunWithRelaxedSimd(): void {
  if (new CpuBackend().kernels !== 'wasm-simd' || process.execArgv.includes(RELAXED_SIMD_FLAG)) {
    return;
  }
  const run = spawnSync(
    process.execPath,
    [RELAXED_SIMD_FLAG, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  process.exit(run.status ?? 1);
}

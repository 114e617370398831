import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  // Every @mfnet import resolves to the workspace sources, so tests never see a stale build.
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    // The CPU backend's fastest kernels (relaxed SIMD), as `pnpm mnist` and `pnpm housing` run.
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});

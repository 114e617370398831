import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  // Every @mfnet import resolves to the workspace sources, so tests never see a stale build.
  resolve: { alias: workspaceAliases() },
  test: {
    include: ['test/**/*.test.ts'],
    // The caught-bug tests run the whole suite once per broken backend: slow on a busy 2-core box.
    testTimeout: 120_000,
    // Compiles the WebAssembly kernels (src/cpu/wasm/kernels.generated.js) when missing or stale.
    globalSetup: ['test/setup/build-wasm.ts'],
    // Node 20 runs the relaxed-SIMD kernels only behind this V8 flag (it is not allowed in
    // NODE_OPTIONS): with it the conformance suite covers every kernel variant.
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});

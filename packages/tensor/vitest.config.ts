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
  },
});

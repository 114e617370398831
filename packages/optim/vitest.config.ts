import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import @mfnet/tensor from its sources, so that they never see a stale build.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@mfnet\/tensor$/,
        replacement: fileURLToPath(new URL('../tensor/src/index.ts', import.meta.url)),
      },
      {
        find: /^@mfnet\/tensor\/node$/,
        replacement: fileURLToPath(new URL('../tensor/src/node/index.ts', import.meta.url)),
      },
      {
        find: /^@mfnet\/tensor\/gpujs$/,
        replacement: fileURLToPath(new URL('../tensor/src/gpujs/index.ts', import.meta.url)),
      },
    ],
  },
  test: { include: ['test/**/*.test.ts'] },
});

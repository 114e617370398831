import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Test against the workspace sources, never a stale build.
    alias: [
      {
        find: /^@mfnet\/tensor$/,
        replacement: fileURLToPath(new URL('../tensor/src/index.ts', import.meta.url)),
      },
      {
        find: /^@mfnet\/tensor\/node$/,
        replacement: fileURLToPath(new URL('../tensor/src/node/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Full MNIST is decoded several times; give the slow machine room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of the workspace packages, never a stale build.
    alias: [
      { find: /^@mfnet\/tensor$/, replacement: source('../tensor/src/index.ts') },
      { find: /^@mfnet\/tensor\/node$/, replacement: source('../tensor/src/node/index.ts') },
      { find: /^@mfnet\/tensor\/gpujs$/, replacement: source('../tensor/src/gpujs/index.ts') },
      // The examples import this package by name.
      { find: /^@mfnet\/layers$/, replacement: source('./src/index.ts') },
      { find: /^@mfnet\/layers\/node$/, replacement: source('./src/node/index.ts') },
    ],
  },
  test: { include: ['test/**/*.test.ts'] },
});

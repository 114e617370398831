import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Workspace packages from their sources, so that tests never see a stale build.
    alias: [
      { find: /^@mfnet\/tensor$/, replacement: source('tensor/src/index.ts') },
      { find: /^@mfnet\/tensor\/node$/, replacement: source('tensor/src/node/index.ts') },
      { find: /^@mfnet\/layers$/, replacement: source('layers/src/index.ts') },
      { find: /^@mfnet\/losses$/, replacement: source('losses/src/index.ts') },
      { find: /^@mfnet\/optim$/, replacement: source('optim/src/index.ts') },
      { find: /^@mfnet\/data$/, replacement: source('data/src/index.ts') },
      { find: /^@mfnet\/data\/node$/, replacement: source('data/src/node/index.ts') },
    ],
  },
  test: { include: ['test/**/*.test.ts'] },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@mfnet\/tensor$/, replacement: src('tensor/src/index.ts') },
      { find: /^@mfnet\/tensor\/node$/, replacement: src('tensor/src/node/index.ts') },
      { find: /^@mfnet\/tensor\/gpujs$/, replacement: src('tensor/src/gpujs/index.ts') },
      { find: /^@mfnet\/layers$/, replacement: src('layers/src/index.ts') },
      { find: /^@mfnet\/losses$/, replacement: src('losses/src/index.ts') },
      { find: /^@mfnet\/optim$/, replacement: src('optim/src/index.ts') },
      { find: /^@mfnet\/data$/, replacement: src('data/src/index.ts') },
      { find: /^@mfnet\/data\/node$/, replacement: src('data/src/node/index.ts') },
    ],
  },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});

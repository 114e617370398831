import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@mfnet\/tensor$/, replacement: src('tensor/src/index.ts') },
      { find: /^@mfnet\/tensor\/node$/, replacement: src('tensor/src/node/index.ts') },
    ],
  },
  test: { include: ['test/**/*.test.ts'] },
});

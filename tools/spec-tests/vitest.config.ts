import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));
const gpujsEntry = ['tensor/src/gpujs/index.ts', 'tensor/src/gpujs.ts']
  .map(src)
  .find((path) => existsSync(path));

// Every @mfnet import resolves to the packages' sources, so these tests never see a stale build.
// '@mfnet/tensor/gpujs' points at a backend that may not exist yet: the tests import it in a
// try/catch and run on the backends that load.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@mfnet\/tensor$/, replacement: src('tensor/src/index.ts') },
      { find: /^@mfnet\/tensor\/node$/, replacement: src('tensor/src/node/index.ts') },
      { find: /^@mfnet\/tensor\/gpujs$/, replacement: gpujsEntry ?? src('tensor/src/gpujs') },
      { find: /^@mfnet\/layers$/, replacement: src('layers/src/index.ts') },
      { find: /^@mfnet\/losses$/, replacement: src('losses/src/index.ts') },
      { find: /^@mfnet\/optim$/, replacement: src('optim/src/index.ts') },
      { find: /^@mfnet\/data$/, replacement: src('data/src/index.ts') },
      { find: /^@mfnet\/data\/node$/, replacement: src('data/src/node/index.ts') },
    ],
  },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});

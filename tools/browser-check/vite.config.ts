import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const source = (path: string): string =>
  fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));

/** The page imports the workspace packages from their sources, so it never sees a stale build. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: [
      { find: /^@mfnet\/tensor$/, replacement: source('tensor/src/index.ts') },
      { find: /^@mfnet\/tensor\/gpujs$/, replacement: source('tensor/src/gpujs/index.ts') },
      { find: /^@mfnet\/layers$/, replacement: source('layers/src/index.ts') },
      { find: /^@mfnet\/losses$/, replacement: source('losses/src/index.ts') },
      { find: /^@mfnet\/optim$/, replacement: source('optim/src/index.ts') },
    ],
  },
  // gpu.js alone is over Vite's 500 kB warning limit.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});

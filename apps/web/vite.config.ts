import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../vitest.shared.js';
import { mnistAssets } from './scripts/mnist-assets.js';

/**
 * The page imports the workspace packages from their sources (as the other browser pages do).
 * `base: './'`: every URL in the build is relative, so the site works from any sub-path.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: workspaceAliases() },
  plugins: [mnistAssets()],
  worker: { format: 'es' },
  // gpu.js alone is over Vite's 500 kB warning limit; it is loaded only when chosen.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

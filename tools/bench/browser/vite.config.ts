import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { workspaceAliases } from '../../../vitest.shared.js';

/**
 * The browser benchmark page. It imports the workspace packages from their sources, and
 * TF.js wasm's .wasm files as assets served beside it.
 * `npx vite --config browser/vite.config.ts` (from tools/bench) serves it for a person.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: workspaceAliases() },
  // TF.js and gpu.js are each over Vite's 500 kB warning limit.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  logLevel: 'warn',
});

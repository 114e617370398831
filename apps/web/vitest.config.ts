import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  // Every @mfnet import resolves to the workspace sources, so tests never see a stale build.
  resolve: { alias: workspaceAliases() },
  // The end-to-end tests train in headless Chromium on a 2-core CI machine: bounded, generously.
  test: { include: ['test/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 },
});

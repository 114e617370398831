import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  // Every @mfnet import resolves to the workspace sources, so tests never see a stale build.
  resolve: { alias: workspaceAliases() },
  // A hang guard, not a speed goal: a 2-core CI machine running turbo's tasks side by side can
  // take several seconds over a gpu.js (headless-gl) training test.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});

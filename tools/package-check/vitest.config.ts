import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing, installing and type-checking take a while on a busy 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

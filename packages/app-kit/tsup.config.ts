import { defineConfig } from 'tsup';

export default defineConfig({
  // `network` alone, for browser pages (tools/bench's): it imports no Node module.
  entry: { index: 'src/index.ts', network: 'src/network.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});

import { type PackageBuild, packageBuild } from '../../tsup.shared.js';

/** This package's entries (tools/package-check compares them with package.json's exports). */
export const build: PackageBuild = {
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'gpujs/index': 'src/gpujs/index.ts',
  },
  // Both import vitest (ESM only).
  esmOnly: {
    'conformance/index': 'src/conformance/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  external: ['vitest', 'gpu.js'],
};

export default packageBuild(build);

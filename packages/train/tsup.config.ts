import { type PackageBuild, packageBuild } from '../../tsup.shared.js';

/** This package's entries (tools/package-check compares them with package.json's exports). */
export const build: PackageBuild = {
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
  },
  // The node entry imports the main entry by name (a self-reference): one copy of its classes.
  external: [
    '@mfnet/tensor',
    '@mfnet/layers',
    '@mfnet/losses',
    '@mfnet/optim',
    '@mfnet/data',
    '@mfnet/train',
  ],
};

export default packageBuild(build);

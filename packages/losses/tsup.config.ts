import { type PackageBuild, packageBuild } from '../../tsup.shared.js';

/** This package's entries (tools/package-check compares them with package.json's exports). */
export const build: PackageBuild = { entry: { index: 'src/index.ts' } };

export default packageBuild(build);

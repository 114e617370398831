import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A Vite alias: an exact import specifier and the source file it stands for. */
export interface WorkspaceAlias {
  find: RegExp;
  replacement: string;
}

/** Every entry point of the workspace packages, and its source file (from this folder). */
const SOURCES: Readonly<Record<string, string>> = {
  '@mfnet/tensor': 'packages/tensor/src/index.ts',
  '@mfnet/tensor/conformance': 'packages/tensor/src/conformance/index.ts',
  '@mfnet/tensor/node': 'packages/tensor/src/node/index.ts',
  '@mfnet/tensor/gpujs': 'packages/tensor/src/gpujs/index.ts',
  '@mfnet/tensor/testing': 'packages/tensor/src/testing/index.ts',
  '@mfnet/layers': 'packages/layers/src/index.ts',
  '@mfnet/layers/node': 'packages/layers/src/node/index.ts',
  '@mfnet/layers/onnx': 'packages/layers/src/onnx/index.ts',
  '@mfnet/losses': 'packages/losses/src/index.ts',
  '@mfnet/optim': 'packages/optim/src/index.ts',
  '@mfnet/data': 'packages/data/src/index.ts',
  '@mfnet/data/node': 'packages/data/src/node/index.ts',
  '@mfnet/train': 'packages/train/src/index.ts',
  '@mfnet/train/node': 'packages/train/src/node/index.ts',
  '@mfnet/app-kit': 'packages/app-kit/src/index.ts',
  '@mfnet/app-kit/network': 'packages/app-kit/src/network.ts',
  '@mfnet/chromium': 'tools/chromium/src/index.ts',
  '@mfnet/mnist-app': 'apps/mnist/src/index.ts',
  '@mfnet/housing-app': 'apps/housing/src/index.ts',
};

/**
 * `resolve.alias` for a package's vitest (or vite) config: every `@mfnet/*` import resolves to
 * the workspace sources, so that tests never see a stale build. The sources it points at are
 * complete: the generated modules they import are built first, so that any one package's tests
 * run on a fresh clone right after `pnpm install` (`pnpm --filter <package> test`).
 */
export function workspaceAliases(): WorkspaceAlias[] {
  buildGeneratedSources();
  return Object.entries(SOURCES).map(([specifier, path]) => ({
    find: new RegExp(`^${specifier}$`),
    replacement: fileURLToPath(new URL(path, import.meta.url)),
  }));
}

/**
 * Builds the modules that the sources import but git does not hold, where missing or stale:
 * the CPU backend's WebAssembly kernels (packages/tensor/src/cpu/wasm/kernels.generated.js).
 * Synchronous (a vite config's alias list is), and quick when nothing is stale.
 */
export function buildGeneratedSources(): void {
  const script = fileURLToPath(new URL('packages/tensor/scripts/build-wasm.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
  if (run.status !== 0) {
    throw new Error(`${script} --if-stale failed (exit ${run.status ?? run.signal})`);
  }
}

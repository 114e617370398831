import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A built file and its size, raw and gzipped (level 6, what servers commonly send). */
export interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
}

/** The relative JS files a module imports statically (`import … from "./x.js"`, `import "./x.js"`). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)].map((m) => m[1]!);
}

/**
 * The JavaScript a visit loads before anyone chooses anything: the scripts and module preloads
 * of index.html, the training worker the page starts at once, and everything they import
 * statically. Dynamic imports (gpu.js, the ONNX exporter) are left out: they load when chosen.
 */
export function initialChunks(outDir: string): ChunkSize[] {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(outDir, file), 'utf8');
    const folder = file.slice(0, file.lastIndexOf('/') + 1);
    queue.push(...staticImports(code).map((f) => folder + f));
    // Workers the page starts: `new Worker(new URL("./x.js", import.meta.url))`.
    for (const m of code.matchAll(
      /new URL\(\s*["'`](?:\.\/)?([^"'`]+\.js)["'`]\s*,\s*import\.meta\.url/g,
    )) {
      queue.push(folder + m[1]!);
    }
  }
  return [...seen].map((file) => {
    const bytes = readFileSync(join(outDir, file));
    return { file, bytes: bytes.length, gzip: gzipSync(bytes).length };
  });
}

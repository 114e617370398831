import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_ARGS,
  chromiumExecutable,
  chromiumLibraryPath,
  extractRegistryChromium,
  launchChromium,
  webglInfo,
} from '../src/index.js';

describe('chromiumExecutable', () => {
  it('takes MFNET_CHROMIUM when set, and names it when nothing is there', async () => {
    const here = process.execPath; // any existing file stands for a binary
    await expect(chromiumExecutable({ MFNET_CHROMIUM: here })).resolves.toEqual({
      path: here,
      source: 'MFNET_CHROMIUM',
    });
    await expect(chromiumExecutable({ MFNET_CHROMIUM: '/nonexistent/chromium' })).rejects.toThrow(
      'MFNET_CHROMIUM is set to /nonexistent/chromium, but there is no file there',
    );
  });

  it('finds a Chromium without MFNET_CHROMIUM (Debian’s, else the registry package’s)', async () => {
    const found = await chromiumExecutable({});
    expect(existsSync(found.path)).toBe(true);
    expect(['system', '@sparticuz/chromium']).toContain(found.source);
  });
});

describe('extractRegistryChromium', () => {
  const cache = mkdtempSync(join(tmpdir(), 'mfnet-chromium-test-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('is safe when several processes extract at once: one complete folder, no leftovers', async () => {
    // Two extractions race into a folder that does not exist yet (made on demand, as a fresh
    // $MFNET_CHROMIUM_CACHE would be), in two child processes, as two vitest processes of turbo
    // would; both get the same complete binary.
    const dir = join(cache, 'made-on-demand');
    const [a, b] = await Promise.all([extractRegistryChromium(dir), extractRegistryChromium(dir)]);
    expect(a).toBe(b);
    expect(a).toMatch(/mfnet-chromium-\d+\.\d+\.\d+\/chromium$/);
    expect(existsSync(a)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(1);
    // The libraries it links that a bare Debian lacks (NSS, NSPR, expat) come with it.
    const libraryPath = chromiumLibraryPath(a, undefined)!;
    expect(libraryPath).toBe(join(dir, readdirSync(dir)[0]!, 'al2023/lib'));
    const links = execFileSync('ldd', [a], { env: { LD_LIBRARY_PATH: libraryPath } }).toString();
    expect(links).not.toContain('not found');
    for (const lib of ['libnss3.so', 'libnspr4.so', 'libexpat.so.1']) {
      expect(links).toContain(`${lib} => ${libraryPath}/${lib}`);
    }
    // The second time it is found, not extracted again: the very same file.
    const inode = statSync(a).ino;
    await expect(extractRegistryChromium(dir)).resolves.toBe(a);
    expect(statSync(a).ino).toBe(inode);
  });
});

describe('launchChromium', () => {
  it('starts headless Chromium with WebGL2 on SwiftShader and no background networking', async () => {
    expect(CHROMIUM_ARGS).toContain('--disable-background-networking');
    const { browser, executable } = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p>mfnet</p>');
      expect(await page.textContent('p')).toBe('mfnet');
      const gl = await webglInfo(page);
      console.log(`chromium ${browser.version()} (${executable.source}): ${gl.renderer}`);
      expect(gl.webgl2).toBe(true);
      expect(gl.renderer).toMatch(/SwiftShader/i);
    } finally {
      await browser.close();
    }
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPathFor, writeFileAtomic } from '../src/node/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfnet-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempFiles(where: string): Promise<string[]> {
  return (await readdir(where)).filter((f) => f.endsWith('.tmp'));
}

describe('writeFileAtomic', () => {
  it('writes a string, creating missing directories', async () => {
    const path = join(dir, 'a', 'b', 'weights.json');
    await writeFileAtomic(path, '{"x":1}');
    expect(await readFile(path, 'utf8')).toBe('{"x":1}');
    expect(await tempFiles(dirname(path))).toEqual([]);
  });

  it('writes bytes exactly', async () => {
    const path = join(dir, 'model.safetensors');
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    await writeFileAtomic(path, bytes);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
  });

  it('replaces an existing file', async () => {
    const path = join(dir, 'f.txt');
    await writeFile(path, 'old contents that are longer');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('leaves the old file intact and no temp file when writing the data fails', async () => {
    const path = join(dir, 'f.txt');
    await writeFile(path, 'precious');
    await expect(writeFileAtomic(path, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('precious');
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('leaves the target and no temp file when the final rename fails (path is a directory)', async () => {
    const path = join(dir, 'occupied');
    await mkdir(path);
    await writeFile(join(path, 'inside.txt'), 'kept');
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow();
    expect(await readFile(join(path, 'inside.txt'), 'utf8')).toBe('kept');
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('fails without side effects when the directory is a file', async () => {
    const notADir = join(dir, 'plain.txt');
    await writeFile(notADir, 'plain');
    await expect(writeFileAtomic(join(notADir, 'x.json'), 'data')).rejects.toThrow();
    expect(await readFile(notADir, 'utf8')).toBe('plain');
    expect(await readdir(dir)).toEqual(['plain.txt']);
  });

  it('leaves one complete version when two writes race', async () => {
    const path = join(dir, 'race.txt');
    const a = 'a'.repeat(100_000);
    const b = 'b'.repeat(100_000);
    await Promise.all([writeFileAtomic(path, a), writeFileAtomic(path, b)]);
    expect([a, b]).toContain(await readFile(path, 'utf8'));
    expect(await tempFiles(dir)).toEqual([]);
  });
});

describe('tempPathFor', () => {
  it('names a hidden .tmp file beside the target, different each call', () => {
    const target = join(dir, 'data', 'mnist.gz');
    const t1 = tempPathFor(target);
    const t2 = tempPathFor(target);
    expect(dirname(t1)).toBe(dirname(target));
    expect(basename(t1)).toMatch(/^\.mnist\.gz\..*\.tmp$/);
    expect(t1).not.toBe(t2);
  });
});

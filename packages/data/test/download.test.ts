import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Rng } from '@mfnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChecksumError,
  DownloadError,
  type DownloadProgress,
  downloadFile,
  loadCaliforniaHousing,
  MNIST_FILES,
  readMnist,
} from '../src/node/index.js';
import { type Route, refusedUrl, serve, startServer } from './helpers/server.js';
import {
  calHousingDir,
  haveCalHousing,
  haveMnist,
  mnistDir,
  warnIfMissing,
} from './helpers/shared.js';
import { makeTar } from './helpers/tar-writer.js';

const root = mkdtempSync(join(tmpdir(), 'mfnet-dl-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
/** Every file under `dir`, relative, sorted (temporary files included). */
const listing = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('downloadFile against a local server', () => {
  const rng = new Rng(9);
  const payload = Uint8Array.from({ length: 200_000 }, () => rng.int(256));
  const digest = sha256(payload);
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer({
      '/good/f.bin': serve.good(payload),
      '/truncated/f.bin': serve.truncated(payload),
      '/corrupted/f.bin': serve.corrupted(payload),
      '/dropped/f.bin': serve.dropped(payload),
      '/hang/f.bin': serve.hang(),
    });
  });
  afterAll(() => server.close());

  const attempt = async (
    paths: string[],
    dest: string,
    timeoutMs = 10_000,
  ): Promise<DownloadError> => {
    const error = await downloadFile(
      paths.map((p) => (p.startsWith('http') ? p : server.url + p)),
      dest,
      { sha256: digest, timeoutMs, progress: false },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    return error as DownloadError;
  };

  it('writes a verified file, reporting progress, and leaves nothing else', async () => {
    const dir = freshDir();
    const seen: DownloadProgress[] = [];
    const got = await downloadFile([`${server.url}/good/f.bin`], join(dir, 'f.bin'), {
      sha256: digest,
      onProgress: (p) => seen.push(p),
    });
    expect(got.sha256).toBe(digest);
    expect(listing(dir)).toEqual(['f.bin']);
    expect(sha256(readFileSync(join(dir, 'f.bin')))).toBe(digest);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ received: payload.length, total: payload.length });
  });

  it.each([
    ['truncated', ChecksumError],
    ['corrupted', ChecksumError],
  ])('refuses a %s body with a ChecksumError and keeps no file', async (kind, type) => {
    const dir = freshDir();
    const error = await attempt([`/${kind}/f.bin`], join(dir, 'f.bin'));
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(
      /checksum mismatch for f\.bin .* expected SHA-256 [0-9a-f]{64}, found [0-9a-f]{64}/,
    );
    expect(error.message).toContain(`${server.url}/${kind}/f.bin`);
    expect(error.attempts).toHaveLength(1);
    expect(listing(dir)).toEqual([]);
  });

  it('reports a 404, a dropped connection, a timeout and a refused connection', async () => {
    const dir = freshDir();
    const dest = join(dir, 'f.bin');
    expect((await attempt(['/missing/f.bin'], dest)).message).toMatch(/HTTP 404/);
    const dropped = await attempt(['/dropped/f.bin'], dest);
    expect(dropped).not.toBeInstanceOf(ChecksumError);
    expect(dropped.message).toMatch(/broke off after \d+ of 200000 bytes|truncated/);
    expect((await attempt(['/hang/f.bin'], dest, 300)).message).toMatch(
      /timed out: no response for 300 ms/,
    );
    const refused = await refusedUrl();
    expect((await attempt([`${refused}/f.bin`], dest)).message).toMatch(
      /ECONNREFUSED|fetch failed/,
    );
    expect(listing(dir)).toEqual([]);
  });

  it('tries the next mirror, and lists every failure when all fail', async () => {
    const dir = freshDir();
    const all = await attempt(
      ['/missing/f.bin', '/corrupted/f.bin', '/dropped/f.bin'],
      join(dir, 'f.bin'),
    );
    expect(all.attempts.map((a) => a.url)).toEqual([
      `${server.url}/missing/f.bin`,
      `${server.url}/corrupted/f.bin`,
      `${server.url}/dropped/f.bin`,
    ]);
    expect(all.attempts[1]!.error).toBeInstanceOf(ChecksumError);
    expect(all.message).toMatch(/failed from 3 URL\(s\)/);
    expect(listing(dir)).toEqual([]);
    await downloadFile(
      ['/missing/f.bin', '/dropped/f.bin', '/good/f.bin'].map((p) => server.url + p),
      join(dir, 'f.bin'),
      { sha256: digest, progress: false },
    );
    expect(listing(dir)).toEqual(['f.bin']);
  });

  it('leaves a file already in place untouched when a download fails', async () => {
    const dir = freshDir();
    const dest = join(dir, 'f.bin');
    writeFileSync(dest, 'the good old file');
    const before = statSync(dest).mtimeMs;
    await attempt(['/corrupted/f.bin', '/dropped/f.bin'], dest);
    expect(readFileSync(dest, 'utf8')).toBe('the good old file');
    expect(statSync(dest).mtimeMs).toBe(before);
    expect(listing(dir)).toEqual(['f.bin']);
  });
});

warnIfMissing('the MNIST download tests', haveMnist, mnistDir);

describe.skipIf(!haveMnist)('loadMnist downloads into the cache', () => {
  const gzNames = Object.values(MNIST_FILES).map((name) => `${name}.gz`);
  // read only when present: describe.skipIf still runs this body to collect the tests
  const files = new Map(
    haveMnist ? gzNames.map((f) => [f, new Uint8Array(readFileSync(join(mnistDir, f)))]) : [],
  );
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    const routes: Record<string, Route> = {};
    for (const [name, bytes] of files) {
      routes[`/good/${name}`] = serve.good(bytes);
      routes[`/corrupted/${name}`] = serve.corrupted(bytes);
      routes[`/truncated/${name}`] = serve.truncated(bytes);
      routes[`/dropped/${name}`] = serve.dropped(bytes);
    }
    server = await startServer(routes);
  });
  afterAll(() => server.close());

  const options = (cacheDir: string, mirrors: string[]) => ({
    env: {},
    usePackage: false,
    cacheDir,
    download: true,
    progress: false,
    mirrors: mirrors.map((m) => `${server.url}/${m}/`),
  });

  it('never downloads without download: true', async () => {
    const cacheDir = freshDir();
    const before = server.requests.length;
    await expect(readMnist({ ...options(cacheDir, ['good']), download: false })).rejects.toThrow(
      /MNIST not found/,
    );
    expect(server.requests.length).toBe(before);
  });

  it('keeps the cache as it was when every mirror fails, sparing a good cached file', async () => {
    const cacheDir = freshDir();
    mkdirSync(join(cacheDir, 'mnist'));
    const kept = join(cacheDir, 'mnist', 'train-labels-idx1-ubyte.gz');
    copyFileSync(join(mnistDir, 'train-labels-idx1-ubyte.gz'), kept);
    const mtime = statSync(kept).mtimeMs;
    const error = await readMnist(
      options(cacheDir, ['corrupted', 'truncated', 'dropped', 'nowhere']),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).attempts).toHaveLength(4);
    expect((error as Error).message).toMatch(
      /download of train-images-idx3-ubyte\.gz failed from 4 URL/,
    );
    expect(listing(cacheDir)).toEqual(['mnist/train-labels-idx1-ubyte.gz']);
    expect(statSync(kept).mtimeMs).toBe(mtime);
    expect(sha256(readFileSync(kept))).toBe(sha256(files.get('train-labels-idx1-ubyte.gz')!));
  });

  it('all-corrupt mirrors give a ChecksumError', async () => {
    const cacheDir = freshDir();
    await expect(readMnist(options(cacheDir, ['corrupted', 'truncated']))).rejects.toThrow(
      ChecksumError,
    );
    expect(listing(cacheDir)).toEqual([]);
  });

  it('downloads past a broken mirror, and the next load finds the files in the cache', async () => {
    const cacheDir = freshDir();
    const first = await readMnist(options(cacheDir, ['dropped', 'good']));
    expect(first.source.kind).toBe('download');
    expect(listing(join(cacheDir, 'mnist'))).toEqual([...gzNames].sort());
    expect(first.train.count).toBe(60000);
    const before = server.requests.length;
    const second = await readMnist({ ...options(cacheDir, ['nowhere']), download: false });
    expect(second.source.kind).toBe('cache');
    expect(server.requests.length).toBe(before);
    const reference = await readMnist({ dir: mnistDir });
    expect(sha256(second.train.pixels)).toBe(sha256(reference.train.pixels));
    expect(sha256(second.test.labels)).toBe(sha256(reference.test.labels));
  });
});

warnIfMissing('the California Housing download tests', haveCalHousing, calHousingDir);

describe.skipIf(!haveCalHousing)('loadCaliforniaHousing downloads cal_housing.tgz', () => {
  const read = (name: string): Uint8Array =>
    haveCalHousing ? new Uint8Array(readFileSync(join(calHousingDir, name))) : new Uint8Array(0);
  const data = read('cal_housing.data');
  const domain = read('cal_housing.domain');
  const tgz = (d: Uint8Array): Uint8Array =>
    new Uint8Array(
      gzipSync(
        makeTar([
          { name: 'CaliforniaHousing/cal_housing.domain', data: domain },
          { name: 'CaliforniaHousing/cal_housing.data', data: d },
        ]),
      ),
    );
  const edited = data.slice();
  if (edited.length > 100) edited[100] = edited[100] === 0x31 ? 0x32 : 0x31; // still valid CSV
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    const good = tgz(data);
    server = await startServer({
      '/good/cal_housing.tgz': serve.good(good),
      '/edited/cal_housing.tgz': serve.good(tgz(edited)),
      '/truncated/cal_housing.tgz': serve.truncated(good),
    });
  });
  afterAll(() => server.close());

  const options = (cacheDir: string, kinds: string[]) => ({
    env: {},
    cacheDir,
    download: true,
    progress: false,
    urls: kinds.map((k) => `${server.url}/${k}/cal_housing.tgz`),
  });

  it('checks the extracted file against its pinned checksum and keeps nothing on failure', async () => {
    const cacheDir = freshDir();
    await expect(loadCaliforniaHousing(options(cacheDir, ['edited']))).rejects.toThrow(
      ChecksumError,
    );
    const error = await loadCaliforniaHousing(options(cacheDir, ['truncated', 'missing'])).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/truncated gzip/);
    expect((error as Error).message).toMatch(/HTTP 404/);
    expect(listing(cacheDir)).toEqual([]);
  });

  it('extracts cal_housing.data into the cache, where the next load finds it', async () => {
    const cacheDir = freshDir();
    const first = await loadCaliforniaHousing(options(cacheDir, ['missing', 'good']));
    expect(first.source.kind).toBe('download');
    expect(first.features.rows).toBe(20640);
    expect(listing(cacheDir)).toEqual(['california-housing/cal_housing.data']);
    expect(sha256(readFileSync(join(cacheDir, 'california-housing', 'cal_housing.data')))).toBe(
      sha256(data),
    );
    const second = await loadCaliforniaHousing({ ...options(cacheDir, []), download: false });
    expect(second.source.kind).toBe('cache');
  });
});

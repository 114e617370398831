import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { tempPathFor } from '@mfnet/tensor/node';
import { ChecksumError, type DownloadAttempt, DownloadError } from '../errors.js';
import { type DownloadProgress, ProgressBar } from './progress-bar.js';

export interface DownloadOptions {
  /** Called as bytes arrive (in addition to the terminal progress bar). */
  onProgress?: (progress: DownloadProgress) => void;
  /** Draw a progress bar on stderr when it is a terminal (default true). */
  progress?: boolean;
  /** Milliseconds to wait for the response, and then between two chunks of the body (default 30 000). */
  timeoutMs?: number;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

export interface FetchedFile {
  url: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the bytes written. */
  sha256: string;
}

/**
 * Streams `url` into the file `path`, hashing as it goes. On any failure (HTTP status,
 * connection refused or dropped, timeout, a body shorter than announced) the file is removed
 * and a DownloadError names the URL and what went wrong.
 */
export async function fetchToFile(
  url: string,
  path: string,
  options: DownloadOptions = {},
  label = path,
): Promise<FetchedFile> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  const hash = createHash('sha256');
  const bar = options.progress === false ? undefined : ProgressBar.forStderr();
  let received = 0;
  let total: number | undefined;
  const started = Date.now();
  const progress = (): DownloadProgress => ({
    url,
    file: label,
    received,
    total,
    bytesPerSecond: received / Math.max(1e-3, (Date.now() - started) / 1000),
  });
  const handle = await open(path, 'w');
  try {
    arm();
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url, { signal: controller.signal });
    } catch (error) {
      throw new DownloadError(`${url}: ${describe(error, timedOut, timeoutMs, 'no response')}`);
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError(
        `${url}: HTTP ${response.status} ${response.statusText}`.trimEnd() +
          (response.body === null ? ' (no body)' : ''),
      );
    }
    const length = response.headers.get('content-length');
    total = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm();
        hash.update(value);
        await handle.write(value);
        received += value.length;
        options.onProgress?.(progress());
        bar?.update(progress());
      }
    } catch (error) {
      throw new DownloadError(
        `${url}: the body broke off after ${received}${total === undefined ? '' : ` of ${total}`} bytes: ${describe(error, timedOut, timeoutMs, 'no data')}`,
      );
    }
    if (total !== undefined && received !== total) {
      throw new DownloadError(
        `${url}: truncated: the server announced ${total} bytes and sent ${received}`,
      );
    }
    await handle.sync();
    bar?.finish(progress());
    return { url, bytes: received, sha256: hash.digest('hex') };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  } finally {
    clearTimeout(timer);
    await handle.close().catch(() => undefined); // a no-op when already closed above
  }
}

/**
 * Downloads `dest` from the first of `urls` that works: each attempt streams to a temporary
 * file beside `dest`, checks the SHA-256 (when given), and only then renames it into place. A
 * failed attempt removes its temporary file, so `dest` is either absent, as it was, or whole
 * and verified. When every URL fails, the DownloadError lists each attempt (a ChecksumError
 * when every failure was a checksum mismatch).
 */
export async function downloadFile(
  urls: readonly string[],
  dest: string,
  options: DownloadOptions & { sha256?: string } = {},
): Promise<FetchedFile> {
  await mkdir(dirname(dest), { recursive: true });
  const attempts: DownloadAttempt[] = [];
  for (const url of urls) {
    const temp = tempPathFor(dest);
    try {
      const fetched = await fetchToFile(url, temp, options, dest);
      if (options.sha256 !== undefined && fetched.sha256 !== options.sha256.toLowerCase()) {
        throw new ChecksumError(
          `${url}: checksum mismatch for ${basename(dest)} (${fetched.bytes} bytes): expected SHA-256 ${options.sha256}, found ${fetched.sha256}`,
        );
      }
      await rename(temp, dest);
      return fetched;
    } catch (error) {
      await rm(temp, { force: true });
      attempts.push({ url, error: error as Error });
    }
  }
  throw failedEverywhere(`download of ${basename(dest)}`, attempts);
}

/** The error for a download that no URL could give. */
export function failedEverywhere(what: string, attempts: DownloadAttempt[]): DownloadError {
  if (attempts.length === 0) return new DownloadError(`${what}: no URL to download from`);
  const lines = attempts.map((a) => `  - ${a.error.message}`).join('\n');
  const message = `${what} failed from ${attempts.length} URL(s):\n${lines}`;
  const allChecksum = attempts.every((a) => a.error instanceof ChecksumError);
  return allChecksum ? new ChecksumError(message, attempts) : new DownloadError(message, attempts);
}

function describe(error: unknown, timedOut: boolean, timeoutMs: number, waiting: string): string {
  if (timedOut) return `timed out: ${waiting} for ${timeoutMs} ms`;
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message ?? String(error)} (${cause})` : (e.message ?? String(error));
}

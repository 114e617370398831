import { MfnetError } from '@mfnet/tensor';

/**
 * Every complaint of @mfnet/data about a file, a download or a dataset. The message names the
 * file (or URL), where in it (row, column or byte offset), what was expected and what was found.
 */
export class DataError extends MfnetError {}

/** Bytes or text that do not follow their format (IDX, gzip, tar, CSV). */
export class ParseError extends DataError {}

/** One failed attempt to fetch a URL. */
export interface DownloadAttempt {
  url: string;
  error: Error;
}

/**
 * A download that failed: HTTP error, refused or dropped connection, timeout, truncated body.
 * When every mirror failed, `attempts` lists each one with its own error.
 */
export class DownloadError extends DataError {
  readonly attempts: readonly DownloadAttempt[];

  constructor(message: string, attempts: readonly DownloadAttempt[] = []) {
    super(message);
    this.attempts = attempts;
  }
}

/** Downloaded (or extracted) bytes whose SHA-256 differs from the pinned one. */
export class ChecksumError extends DownloadError {}

/** A dataset that is in none of the places searched; the message lists each place. */
export class DatasetNotFoundError extends DataError {
  constructor(
    message: string,
    /** One line per place searched and why it did not hold the data (for callers' own wording). */
    readonly looked: readonly string[] = [],
  ) {
    super(message);
  }
}

/** `file ` + name, or nothing when the bytes came from no named file. */
export function inFile(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}

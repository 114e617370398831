import { DatasetNotFoundError } from '@mfnet/data';

/**
 * The library's "not found" error retold for a command-line user: the same places searched, but
 * the fixes in the app's options (`--data-dir`, `--download`) instead of the library's
 * (`dir`, `{ download: true }`); `canDownload: false` for a command without `--download`. Any
 * other error is returned as it is.
 */
export function notFoundForCli(
  error: unknown,
  dataset: {
    name: string;
    files: string;
    dataDir: string | undefined;
    otherFixes?: string[];
    canDownload?: boolean;
  },
): unknown {
  if (!(error instanceof DatasetNotFoundError) || error.looked.length === 0) return error;
  const fixes =
    dataset.dataDir !== undefined
      ? [
          `put ${dataset.files} in ${dataset.dataDir}`,
          'or leave out --data-dir to search the usual places',
        ]
      : [
          ...(dataset.canDownload === false
            ? []
            : [`rerun with --download to download ${dataset.files} into the cache`]),
          ...(dataset.otherFixes ?? []),
          `set MFNET_DATA_DIR to a folder holding ${dataset.files}`,
          'or pass --data-dir <folder>',
        ];
  return new DatasetNotFoundError(
    `${dataset.name} not found. Looked in:\n${error.looked.map((l) => `  - ${l}`).join('\n')}\n` +
      `To fix: ${fixes.join(', ')}.`,
    error.looked,
  );
}

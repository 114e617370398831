import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The workspace root (this file is tools/package-check/src/workspace.ts). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The folders under packages/ of the published packages. */
export const PUBLISHED = ['tensor', 'layers', 'losses', 'optim', 'data', 'train'] as const;

/** The consumer programs and tsconfig that run against the installed tarballs. */
export const CONSUMER_DIR = fileURLToPath(new URL('../consumer/', import.meta.url));

/** A package.json, parsed. */
export function readPackageJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * Runs a program and returns its stdout; a failure throws with the command, the folder and
 * everything it printed, so that a failed check says what went wrong.
 */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${e.status}\n` +
        `${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

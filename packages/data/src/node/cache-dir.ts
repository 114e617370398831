import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Record<string, string | undefined>;

/**
 * mfnet's user cache directory: `$XDG_CACHE_HOME/mfnet`, else `%LOCALAPPDATA%\mfnet\Cache` on
 * Windows, else `~/.cache/mfnet`.
 */
export function defaultCacheDir(env: Env = process.env): string {
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'mfnet');
  if (process.platform === 'win32' && env.LOCALAPPDATA) {
    return join(env.LOCALAPPDATA, 'mfnet', 'Cache');
  }
  return join(homedir(), '.cache', 'mfnet');
}

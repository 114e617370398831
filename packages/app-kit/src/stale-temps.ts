import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive } from './pid-alive.js';

/** writeFileAtomic's temporary names: `.<name>.<pid>.<12 hex>.tmp`. */
const TEMP = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * Removes the temporary files that a killed run left in `dir` (a kill -9 in the middle of an
 * atomic write leaves its `.tmp`): those whose writer's pid is no longer running. Temporary
 * files of live processes are left alone. Returns the names removed.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const match = TEMP.exec(name);
    if (match === null || pidAlive(Number(match[1]))) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

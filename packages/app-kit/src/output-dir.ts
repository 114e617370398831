import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MfnetError } from '@mfnet/tensor';
import { tempPathFor } from '@mfnet/tensor/node';
import { pidAlive } from './pid-alive.js';
import { removeStaleTemps } from './stale-temps.js';

/** An output directory that cannot be used: not creatable, not writable, or owned by a live run. */
export class OutputDirError extends MfnetError {
  constructor(
    message: string,
    /** The directory. */
    readonly dir: string,
  ) {
    super(message);
  }
}

/** The lock file: it holds the pid of the run that owns the directory. */
export const LOCK_NAME = '.mfnet-run.lock';

/** Locks this process holds (a process may run several sessions, e.g. in tests). */
const held = new Set<string>();
/** The claims behind `held`, by lock path, for `releaseOutputDir`. */
const claims = new Map<string, OutputDirClaim>();
let exitHookInstalled = false;

/** An output directory owned by this run until `release()`. */
export interface OutputDirClaim {
  dir: string;
  lockPath: string;
  release(): Promise<void>;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way (a part of the path is not a directory)',
  EEXIST: 'a file of that name is in the way',
  ENOSPC: 'the disk is full',
};

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return `${REASONS[code] ?? (error as Error).message}${code === '' ? '' : ` (${code})`}`;
}

/**
 * Makes `dir` this run's own, before any training: creates it, proves it writable by creating
 * the lock file in it, and refuses (OutputDirError) while another live run holds the lock. A lock
 * whose pid is no longer running (a crashed or killed run) is taken over, and that run's
 * leftover temporary files are removed. Two runs therefore never write into one directory.
 *
 * The lock is released by `release()`, and by process exit for a run that fails on its way.
 * One narrow race is left: two runs that both find the same dead lock at the same moment may
 * both take it over; a dead owner and two successors starting within microseconds is not a case
 * worth a kernel lock.
 */
export async function claimOutputDir(dir: string): Promise<OutputDirClaim> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new OutputDirError(
      `--out ${dir}: cannot create the output directory: ${why(error)}`,
      dir,
    );
  }
  if (!(await stat(dir)).isDirectory()) {
    throw new OutputDirError(
      `--out ${dir}: not a directory (a file of that name is in the way)`,
      dir,
    );
  }
  const lockPath = join(dir, LOCK_NAME);
  for (let attempt = 0; ; attempt++) {
    if (await tryCreateLock(lockPath, dir)) break;
    const owner = await readOwner(lockPath);
    const liveElsewhere = owner !== process.pid && pidAlive(owner);
    const liveHere = owner === process.pid && held.has(lockPath);
    if (liveElsewhere || liveHere || attempt >= 3) {
      throw new OutputDirError(
        `--out ${dir}: another run (pid ${owner}) is writing to this directory; wait for it to ` +
          `finish or choose another --out (if no such run exists, delete ${lockPath})`,
        dir,
      );
    }
    // The owner is dead: move its lock aside in one step, so only one successor removes it. If
    // what was moved turns out to be a live run's fresh lock (another successor was quicker),
    // put it back.
    const aside = `${lockPath}.${process.pid}.stale`;
    if (
      await rename(lockPath, aside).then(
        () => true,
        () => false,
      )
    ) {
      const moved = await readOwner(aside);
      if (moved !== owner && pidAlive(moved)) await link(aside, lockPath).catch(() => undefined);
      await rm(aside, { force: true });
    }
  }
  held.add(lockPath);
  installExitHook();
  const claim: OutputDirClaim = {
    dir,
    lockPath,
    release: async () => {
      if (!held.delete(lockPath)) return;
      claims.delete(lockPath);
      if ((await readOwner(lockPath)) === process.pid) await rm(lockPath, { force: true });
    },
  };
  claims.set(lockPath, claim);
  await removeStaleTemps(dir);
  return claim;
}

/**
 * Creates the lock file with this pid; false if it exists already. The pid is written to a
 * temporary file first and hard-linked into place, so the lock never exists without its pid.
 */
async function tryCreateLock(lockPath: string, dir: string): Promise<boolean> {
  const temp = tempPathFor(lockPath);
  try {
    await writeFile(temp, `${process.pid}\n`, { flag: 'wx' });
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new OutputDirError(`--out ${dir}: the directory is not writable: ${why(error)}`, dir);
  } finally {
    await rm(temp, { force: true });
  }
}

/** The pid in a lock file (0 when it is unreadable or garbled: an owner that cannot be alive). */
async function readOwner(lockPath: string): Promise<number> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
}

/** A run that throws and exits still lets go of its directories. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const lockPath of held) {
      try {
        if (existsSync(lockPath) && Number(readFileSync(lockPath, 'utf8').trim()) === process.pid)
          unlinkSync(lockPath);
      } catch {
        // exiting anyway
      }
    }
  });
}

/** Releases this process's claim on `dir`, if it holds one (see `claimOutputDir`). */
export async function releaseOutputDir(dir: string): Promise<void> {
  await claims.get(join(dir, LOCK_NAME))?.release();
}

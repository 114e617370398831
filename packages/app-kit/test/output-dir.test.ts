import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimOutputDir, LOCK_NAME, OutputDirError } from '../src/output-dir.js';
import { removeStaleTemps } from '../src/stale-temps.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'mfnet-outdir-'));

/** The pid of a process that has exited (so it is surely not running). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

const sleepers: ChildProcess[] = [];
afterEach(() => {
  for (const p of sleepers.splice(0)) p.kill('SIGKILL');
});

describe('claimOutputDir', () => {
  it('creates the directory and writes a lock with this pid, removed on release', async () => {
    const dir = join(await tempDir(), 'a', 'b');
    const claim = await claimOutputDir(dir);
    expect((await readFile(join(dir, LOCK_NAME), 'utf8')).trim()).toBe(String(process.pid));
    await claim.release();
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });

  it('refuses a second claim while the first is held, then allows it after release', async () => {
    const dir = await tempDir();
    const first = await claimOutputDir(dir);
    const error = await claimOutputDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputDirError);
    expect((error as Error).message).toContain(`another run (pid ${process.pid})`);
    expect((error as Error).message).toContain(dir);
    await first.release();
    await (await claimOutputDir(dir)).release();
  });

  it('refuses while another live process holds the lock, and takes it over once that process is dead', async () => {
    const dir = await tempDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 100000)']);
    sleepers.push(sleeper);
    await writeFile(join(dir, LOCK_NAME), `${sleeper.pid}\n`);
    await expect(claimOutputDir(dir)).rejects.toThrow(`another run (pid ${sleeper.pid})`);
    const exited = new Promise((r) => sleeper.on('exit', r));
    sleeper.kill('SIGKILL');
    await exited;
    const claim = await claimOutputDir(dir);
    expect((await readFile(join(dir, LOCK_NAME), 'utf8')).trim()).toBe(String(process.pid));
    await claim.release();
  });

  it('takes over a lock left by a dead run, or a garbled one', async () => {
    for (const content of [`${deadPid()}\n`, 'not a pid', '']) {
      const dir = await tempDir();
      await writeFile(join(dir, LOCK_NAME), content);
      await (await claimOutputDir(dir)).release();
    }
  });

  it('names the path when a file is in the way (EEXIST, ENOTDIR)', async () => {
    const file = join(await tempDir(), 'f');
    await writeFile(file, 'x');
    for (const dir of [file, join(file, 'sub')]) {
      const error = await claimOutputDir(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutputDirError);
      expect((error as Error).message).toMatch(/^--out .*: /);
      expect((error as Error).message).toContain(dir);
      expect((error as Error).message).toMatch(/in the way/);
    }
  });

  // root writes into read-only directories, so only another user can see EACCES here.
  it.skipIf(process.getuid?.() === 0)(
    'names the path when the directory is not writable (EACCES)',
    async () => {
      const dir = await tempDir();
      await chmod(dir, 0o555);
      await expect(claimOutputDir(dir)).rejects.toThrow(/is not writable: permission denied/);
    },
  );
});

describe('removeStaleTemps', () => {
  it("removes a dead writer's temporary files and keeps a live one's and everything else", async () => {
    const dir = await tempDir();
    const dead = `.checkpoint.safetensors.${deadPid()}.a1b2c3d4e5f6.tmp`;
    const live = `.checkpoint.safetensors.${process.pid}.a1b2c3d4e5f6.tmp`;
    for (const name of [dead, live, 'model.safetensors', '.hidden', 'x.123.tmp'])
      await writeFile(join(dir, name), 'x');
    expect(await removeStaleTemps(dir)).toEqual([dead]);
    expect((await readdir(dir)).sort()).toEqual(
      ['.hidden', live, 'model.safetensors', 'x.123.tmp'].sort(),
    );
  });

  it('runs when a directory is claimed', async () => {
    const dir = await tempDir();
    const dead = `.metrics.json.${deadPid()}.0123456789ab.tmp`;
    await writeFile(join(dir, dead), 'x');
    await (await claimOutputDir(dir)).release();
    expect(existsSync(join(dir, dead))).toBe(false);
  });
});

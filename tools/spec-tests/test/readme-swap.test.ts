import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Backend, getBackend, setBackend } from '@mfnet/tensor';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Issue 10, "one line": the root README's "Swapping the backend" example, run exactly as the
 * README prints it — the test reads the code block out of README.md, writes it to a module next
 * to this file and imports it — once as written (`setBackend('gpujs')`; in Node gpu.js runs on
 * its best engine without a native build) and once with that one line changed to 'cpu'. Since
 * the code comes from the README itself, the two cannot drift apart.
 */
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const SWAP_LINE = "setBackend('gpujs'); // the one line: or 'cpu', the default";

function readmeExample(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Swapping the backend'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (match === null) throw new Error('README: no ```ts block under "## Swapping the backend"');
  return match[1] as string;
}

/** Runs `code` as a module of this package and returns what it logged. */
async function run(code: string, name: string): Promise<string[]> {
  const file = fileURLToPath(new URL(`./readme-swap-${name}.generated.ts`, import.meta.url));
  writeFileSync(file, code);
  const logged: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
  return logged;
}

/** `name (dtype): loss first → last`, as the example prints it. */
function parse(line: string | undefined): {
  name: string;
  dtype: string;
  first: number;
  last: number;
} {
  const m = /^(\w+) \((\w+)\): loss (\S+) → (\S+)$/.exec(line ?? '');
  if (m === null) throw new Error(`the README example printed ${JSON.stringify(line)}`);
  return { name: m[1]!, dtype: m[2]!, first: Number(m[3]), last: Number(m[4]) };
}

describe('the README swap example', () => {
  let previous: Backend;
  beforeEach(() => {
    previous = getBackend();
  });
  afterEach(() => {
    setBackend(previous);
  });

  it('is one setBackend line, with no dtype anywhere in the code', () => {
    const code = readmeExample();
    expect(code.split(SWAP_LINE)).toHaveLength(2);
    expect(code).not.toMatch(/dtype\s*:/);
    expect(code).not.toMatch(/float(32|64)/);
  });

  it("trains as written, on gpujs (float32, the backend's default)", async () => {
    const out = parse((await run(readmeExample(), 'gpujs')).at(-1));
    expect(out.name).toBe('gpujs');
    expect(out.dtype).toBe('float32');
    expect(out.last).toBeLessThan(out.first / 2);
  }, 120_000);

  it('trains with the one line changed to cpu (float64)', async () => {
    const code = readmeExample().replace(SWAP_LINE, SWAP_LINE.replace("('gpujs')", "('cpu')"));
    const out = parse((await run(code, 'cpu')).at(-1));
    expect(out.name).toBe('cpu');
    expect(out.dtype).toBe('float64');
    expect(out.last).toBeLessThan(out.first / 2);
  });
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { History } from '@mfnet/train';
import { afterAll, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const generated = fileURLToPath(new URL('./readme-quick-start.generated.ts', import.meta.url));

/** The ```ts block right after the quick-start marker. */
function quickStart(): string {
  const match = /<!-- quick-start[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error('README.md has no quick-start block');
  return match[1]!;
}

describe('the README quick start', () => {
  afterAll(() => rmSync(generated, { force: true }));

  it('is at most ten lines of code, from arrays to a trained and evaluated model', () => {
    const code = quickStart()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('import'));
    expect(code.length).toBeLessThanOrEqual(10);
  });

  it('runs as written, and the model it trains fits the data', async () => {
    // The block as it is, then one line that hands its results to this test.
    writeFileSync(generated, `${quickStart()}\nexport { history, result };\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const module = (await import(generated)) as {
      history: History;
      result: { rmse: number; r2: number };
    };
    expect(module.history.records).toHaveLength(60);
    expect(module.result.r2).toBeGreaterThan(0.9);
    expect(log).toHaveBeenCalledWith(60, 'epochs:', module.result);
    log.mockRestore();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const guide = readFileSync(new URL('docs/backend-guide.md', root), 'utf8');

/** Every ```ts block of the guide, with the file it says it quotes (the comment just above it). */
function quotedBlocks(): { file: string | undefined; code: string }[] {
  const blocks = [...guide.matchAll(/(?:<!-- quoted from (\S+) -->\n\n)?```ts\n([\s\S]*?)\n```/g)];
  return blocks.map((m) => ({ file: m[1], code: m[2]! }));
}

describe('docs/backend-guide.md quotes the example verbatim', () => {
  const blocks = quotedBlocks();

  it('has code blocks, each saying which file it quotes', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const { file, code } of blocks) {
      expect(file, `a block names no source file:\n${code}`).toBeDefined();
    }
  });

  it.each(blocks.map((b, i) => [i + 1, b.file ?? '(none)', b.code] as const))(
    'block %i appears as written in %s',
    (_i, file, code) => {
      const source = readFileSync(new URL(file, root), 'utf8');
      expect(source.includes(code), `not found verbatim in ${file}:\n${code}`).toBe(true);
    },
  );
});

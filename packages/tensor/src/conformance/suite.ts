import { describe, it } from 'vitest';
import { conformanceCases } from './cases.js';
import { runConformanceCase } from './run.js';
import type { ConformanceOptions } from './types.js';

/**
 * Registers the conformance suite as vitest tests: one `describe` per backend and dtype, one
 * per group of operations, one `it` per case. Call it at the top level of a test file.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const groups = new Map<string, ReturnType<typeof conformanceCases>>();
  for (const c of conformanceCases()) {
    const list = groups.get(c.group) ?? [];
    list.push(c);
    groups.set(c.group, list);
  }
  describe(`${options.name} (${options.dtype}) conforms to the Backend interface`, () => {
    for (const [group, cases] of groups) {
      describe(group, () => {
        for (const c of cases) it(c.name, () => runConformanceCase(c, options));
      });
    }
  });
}

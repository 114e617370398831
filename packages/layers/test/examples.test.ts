import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The README's examples are the files in examples/, run here. */
const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const readme = read('../README.md');
/** An example as the README shows it: without the `export` line the tests read results from. */
const shown = (name: string) =>
  read(`../examples/${name}`)
    .split('\n')
    .filter((line) => !line.startsWith('export {'))
    .join('\n')
    .trim();

describe('README examples', () => {
  it.each([
    'tiny-regression.ts',
    'custom-layer.ts',
    'save-load.ts',
    'appendix-a-trace.ts',
    'export.ts',
  ])('README.md shows examples/%s verbatim', (name) => {
    expect(readme).toContain(shown(name));
  });

  it('tiny regression: the network learns y = x₁ + x₂', async () => {
    const { loss } = await import('../examples/tiny-regression.js');
    expect(loss).toBeLessThan(1e-4);
  });

  it('custom layer: its gradient passes gradcheck', async () => {
    const { result } = await import('../examples/custom-layer.js');
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(20);
  });

  it('export: ONNX Runtime gives what mfnet gives; the torch round trip gives the same weights', async () => {
    const { copy, net, ours, output } = await import('../examples/export.js');
    const onnx = [...(output!.data as Float64Array)];
    const mfnet = [...ours.toTypedArray().slice(1)];
    expect(onnx).toHaveLength(2);
    for (const [i, v] of onnx.entries()) expect(v).toBeCloseTo(mfnet[i]!, 12);
    for (const [name, t] of net.stateDict()) {
      expect(copy.stateDict().get(name)!.toArray()).toEqual(t.toArray());
    }
  });

  it('save/load: the copy has the saved weights and the metadata', async () => {
    const { copy, metadata, net } = await import('../examples/save-load.js');
    expect(metadata).toEqual({ epochs: '10' });
    for (const [name, t] of net.stateDict()) {
      expect(copy.stateDict().get(name)!.toArray()).toEqual(t.toArray());
    }
  });

  it('Appendix A trace: J = 1', async () => {
    const { trace } = await import('../examples/appendix-a-trace.js');
    expect(trace.loss).toBe(1);
    expect(trace.complete).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRng, manualSeed, Rng, randn } from '../src/index.js';

function draws(rng: Rng, n: number, f: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => f(rng));
}

describe('Rng', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(new Rng(42), 100, (r) => r.nextUint32())).toEqual(
      draws(new Rng(42), 100, (r) => r.nextUint32()),
    );
    expect(draws(new Rng(42), 100, (r) => r.normal())).toEqual(
      draws(new Rng(42), 100, (r) => r.normal()),
    );
  });

  it('gives different sequences for different seeds', () => {
    const firsts = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      firsts.add(draws(new Rng(seed), 4, (r) => r.nextUint32()).join(','));
    }
    expect(firsts.size).toBe(200);
    expect(new Rng(1e12).uniform()).not.toBe(new Rng(1e12 + 1).uniform());
  });

  it('seed() restarts the sequence, spare normal included', () => {
    const rng = new Rng(9);
    const first = draws(rng, 3, (r) => r.normal()); // leaves a spare normal behind
    rng.seed(9);
    expect(draws(rng, 3, (r) => r.normal())).toEqual(first);
  });

  it('draws uniforms in [0, 1) with mean ≈ 1/2 and variance ≈ 1/12', () => {
    const n = 100_000;
    const u = draws(new Rng(1), n, (r) => r.uniform());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const mean = u.reduce((s, v) => s + v, 0) / n;
    const variance = u.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    // σ(mean) = 0.289/√n ≈ 0.0009: a bound of 0.005 is over 5σ.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals: mean ≈ 0, std ≈ 1 over 1e5 draws', () => {
    const n = 100_000;
    const x = draws(new Rng(2), n, (r) => r.normal());
    const mean = x.reduce((s, v) => s + v, 0) / n;
    const std = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
    // σ(mean) = 1/√n ≈ 0.0032 and σ(std) ≈ 1/√(2n) ≈ 0.0022: bounds of 0.02 are over 6σ.
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
    // About 68.3% within one σ.
    const within = x.filter((v) => Math.abs(v) < 1).length / n;
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.01);
  });

  it('int(n) stays in [0, n) and hits every value', () => {
    const seen = new Set(draws(new Rng(3), 1000, (r) => r.int(7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('permutation(n) is a permutation of 0 … n−1, and shuffled', () => {
    const p = new Rng(4).permutation(100);
    expect(p).toHaveLength(100);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const fixedPoints = [...p].filter((v, i) => v === i).length;
    expect(fixedPoints).toBeLessThan(10);
    expect(Array.from(new Rng(4).permutation(100))).toEqual(Array.from(p));
    expect(Array.from(new Rng(5).permutation(100))).not.toEqual(Array.from(p));
  });

  it('permutation(1) and permutation(0) are trivial', () => {
    expect(Array.from(new Rng(0).permutation(1))).toEqual([0]);
    expect(Array.from(new Rng(0).permutation(0))).toEqual([]);
  });
});

describe('manualSeed', () => {
  it('reseeds the global generator', () => {
    manualSeed(123);
    const first = draws(defaultRng(), 5, (r) => r.uniform());
    manualSeed(123);
    expect(draws(defaultRng(), 5, (r) => r.uniform())).toEqual(first);
    expect(first).toEqual(draws(new Rng(123), 5, (r) => r.uniform()));
  });

  it('makes randn without a seed reproducible', () => {
    manualSeed(77);
    const a = Array.from(randn(4, 4).toTypedArray());
    manualSeed(77);
    const b = Array.from(randn(4, 4).toTypedArray());
    expect(a).toEqual(b);
    manualSeed(78);
    expect(Array.from(randn(4, 4).toTypedArray())).not.toEqual(a);
  });
});

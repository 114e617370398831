import { defaultRng, Rng, ValueError } from '@mfnet/tensor';

/** The seed given, or one drawn from the global generator (so `manualSeed` makes it reproducible). */
export function resolveSeed(op: string, seed: number | undefined): number {
  if (seed === undefined) return defaultRng().nextUint32();
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new ValueError(`${op}: seed must be a finite number, got ${String(seed)}`);
  }
  return seed;
}

/**
 * A generator for one stream (`stream` = an epoch number) of a base seed: the pair is mixed into
 * one 32-bit seed, so each epoch's generator is independent of how many epochs came before.
 */
export function streamRng(seed: number, stream: number): Rng {
  let h = (Math.trunc(seed) ^ Math.trunc(seed / 0x100000000)) >>> 0;
  h = Math.imul(h ^ Math.imul(stream + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

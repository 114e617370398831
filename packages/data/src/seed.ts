import { defaultRng, Rng, ValueError } from '@mfnet/tensor';

/**
 * The seed given, or one drawn from the global generator (so `manualSeed` makes it reproducible).
 * A seed is an integer in [0, 2^32): the streams keep 32 bits, so 2^32 + 1 would shuffle as 0
 * and 1.5 as 1; those are refused rather than quietly sharing another seed's order.
 */
export function resolveSeed(op: string, seed: number | undefined): number {
  if (seed === undefined) return defaultRng().nextUint32();
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new ValueError(
      `${op}: seed must be an integer in [0, 2^32) (0…4294967295), got ${String(seed)}`,
    );
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

/**
 * Named random streams (docs/model.md §7). Every draw in a run comes from a generator seeded by
 * (scenario seed, run index, stream name[, key]), so run k is identical whichever worker runs it,
 * and demand streams do not move when a scenario changes only its policy (common random numbers).
 */
import seedrandom from "seedrandom";

/** A source of uniform numbers in [0, 1). */
export type PRNG = () => number;

/** Alea is seedrandom's fastest generator; 32 bits per draw is plenty for inventory models. */
export function stream(seed: string, runIndex: number, name: string, key?: string): PRNG {
  const path = key === undefined ? `${seed}\u0000${runIndex}\u0000${name}` : `${seed}\u0000${runIndex}\u0000${name}\u0000${key}`;
  return seedrandom.alea(path) as unknown as PRNG;
}

/** A uniform in the open interval (0, 1), for logarithms. */
export function openUniform(rng: PRNG): number {
  let u = rng();
  while (u === 0) u = rng();
  return u;
}

/** MurmurHash3's 32-bit finaliser: a bijective mix with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit key for `keyedUniform`, taken from a named stream, so keyed draws inherit the stream's
 * (seed, run, name, key) identity.
 */
export function streamKey(seed: string, runIndex: number, name: string, key?: string): number {
  return Math.floor(stream(seed, runIndex, name, key)() * 4294967296) >>> 0;
}

/**
 * A uniform in (0, 1) addressed by (key, day, index, slot) instead of by position in a sequence.
 * Customer attributes (patience, cancellation times) use it: they are needed only for the few orders
 * that cannot be served from stock, yet must not depend on which orders those are (common random
 * numbers). A counter-based draw costs nothing for the orders that never need it.
 */
export function keyedUniform(key: number, day: number, index: number, slot: number): number {
  const h = fmix32(key ^ fmix32(Math.imul(day, 0x9e3779b1) ^ fmix32(Math.imul(index, 0x85ebca77) + slot)));
  return (h + 0.5) / 4294967296;
}

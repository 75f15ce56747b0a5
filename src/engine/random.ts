/**
 * Named random streams (docs/model.md §7). Every draw in a run comes from a generator seeded by
 * (scenario seed, run index, stream name[, key]), so run k is identical whichever worker runs it,
 * and demand streams do not move when a scenario changes only its policy (common random numbers).
 */

/** A source of uniform numbers in [0, 1). */
export type PRNG = () => number;

/** Baagøe's Mash hash, continued from state n over `data`; returns the new state. */
function mash(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000;
  }
  return n;
}

/**
 * seedrandom's Alea generator (Baagøe's algorithm, seedrandom/lib/alea.js), written out so that
 * creating a stream is cheap: a run creates a few streams per product, and seedrandom's wrapper
 * costs several microseconds each. It yields exactly the numbers of `seedrandom.alea(seed)`
 * (tested), and 32 bits per draw is plenty for inventory models.
 */
class Alea {
  // Initialised with doubles so the engine keeps them as unboxed double fields (a declared but
  // unset field starts undefined and would box every store).
  s0 = 0.5;
  s1 = 0.5;
  s2 = 0.5;
  c = 1;

  constructor(seed: string) {
    let n = mash(0xefc8249d, " ");
    this.s0 = (n >>> 0) * 2.3283064365386963e-10;
    n = mash(n, " ");
    this.s1 = (n >>> 0) * 2.3283064365386963e-10;
    n = mash(n, " ");
    this.s2 = (n >>> 0) * 2.3283064365386963e-10;
    n = mash(n, seed);
    this.s0 -= (n >>> 0) * 2.3283064365386963e-10;
    if (this.s0 < 0) this.s0 += 1;
    n = mash(n, seed);
    this.s1 -= (n >>> 0) * 2.3283064365386963e-10;
    if (this.s1 < 0) this.s1 += 1;
    n = mash(n, seed);
    this.s2 -= (n >>> 0) * 2.3283064365386963e-10;
    if (this.s2 < 0) this.s2 += 1;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }
}

/** The next number of the Alea state at state[at … at+3]: the same sequence as `alea(seed)`. */
export function aleaNext(state: Float64Array, at: number): number {
  const t = 2091639 * state[at] + state[at + 3] * 2.3283064365386963e-10;
  state[at] = state[at + 1];
  state[at + 1] = state[at + 2];
  const c = t | 0;
  state[at + 3] = c;
  return (state[at + 2] = t - c);
}

/** A generator with seedrandom's Alea sequence for `seed`. */
export function alea(seed: string): PRNG {
  const g = new Alea(seed);
  return () => g.next();
}

/** The stream named by (seed, run, name[, key]): Alea seeded with that path. */
export function stream(seed: string, runIndex: number, name: string, key?: string): PRNG {
  const path = key === undefined ? `${seed}\u0000${runIndex}\u0000${name}` : `${seed}\u0000${runIndex}\u0000${name}\u0000${key}`;
  return alea(path);
}

/** A uniform in the open interval (0, 1), for logarithms. */
export function openUniform(rng: PRNG): number {
  let u = rng();
  while (u === 0) u = rng();
  return u;
}

/** MurmurHash3's 32-bit finaliser: a bijective mix with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a text (Mash, as seedrandom hashes its seeds): for names, once per scenario. */
export function textHash(text: string): number {
  return mash(0xefc8249d, text) >>> 0;
}

/** Word i of stream (seed, run, name): MurmurHash3's finaliser over the three hashes, mixed differently per i. */
function streamWord(seedHash: number, runIndex: number, nameHash: number, i: number): number {
  return fmix32(seedHash ^ fmix32((Math.imul(runIndex, 0x9e3779b1) + Math.imul(i, 0x7feb352d)) ^ fmix32(nameHash + Math.imul(i, 0x846ca68b))));
}

/**
 * Seeds the Alea state at state[at … at+3] for the stream (seed, run, name): words 1–3 as s0–s2 and
 * carry 1. A run seeds a few streams per product, so this costs nanoseconds where hashing the
 * stream's path with Mash costs about a microsecond.
 */
export function seedStreamInto(seedHash: number, runIndex: number, nameHash: number, state: Float64Array, at: number): void {
  for (let i = 1; i <= 3; i++) state[at + i - 1] = streamWord(seedHash, runIndex, nameHash, i) * 2.3283064365386963e-10;
  state[at + 3] = 1;
}

/** A 32-bit key for `keyedUniform`, for (seed, run, name): word 4 of the stream. */
export function streamKeyOf(seedHash: number, runIndex: number, nameHash: number): number {
  return streamWord(seedHash, runIndex, nameHash, 4);
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

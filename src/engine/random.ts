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

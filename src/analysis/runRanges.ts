/** Sets of run indices as sorted, disjoint [start, end) ranges: which runs an accumulator covers. */

/** Adds one run index; runs usually arrive in order, so this is O(1) in the common case. */
export function addRunToRanges(ranges: [number, number][], run: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === run) {
    last[1] = run + 1;
    return;
  }
  const merged = mergeRanges(ranges, [[run, run + 1]]);
  ranges.length = 0;
  ranges.push(...merged);
}

/** Union of two range lists; throws if they share a run (the same run would be counted twice). */
export function mergeRanges(a: readonly (readonly [number, number])[], b: readonly (readonly [number, number])[]): [number, number][] {
  const all = [...a, ...b].map((r) => [r[0], r[1]] as [number, number]).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const r of all) {
    if (!(Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] < r[1])) throw new Error(`bad run range [${r[0]}, ${r[1]})`);
    const last = out[out.length - 1];
    if (last && r[0] < last[1]) throw new Error(`runs ${r[0]}–${Math.min(r[1], last[1]) - 1} are included twice`);
    if (last && r[0] === last[1]) last[1] = r[1];
    else out.push(r);
  }
  return out;
}

/** Number of runs covered. */
export function rangesCount(ranges: readonly (readonly [number, number])[]): number {
  return ranges.reduce((s, r) => s + r[1] - r[0], 0);
}

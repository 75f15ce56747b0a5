/**
 * Order-independent exact floating-point sums (Shewchuk's non-overlapping partials, as Python's
 * math.fsum). The partials represent the sum exactly, and `exactValue` rounds it once, correctly,
 * so any grouping or order of the same values gives the same double. That is what makes 1 worker,
 * N workers, any chunk size and any shard split produce identical summaries (docs/model.md §7).
 *
 * `ExactSums` keeps many sums in one structure: most cells sum integers and stay a single double,
 * so a cell only gets a partials list once a rounding error would otherwise occur.
 */
import { copyF64, newF64, type F64Alloc } from "./arena.ts";

/** Adds x to the partials in place (partials stay non-overlapping, increasing magnitude). */
export function partialsAdd(partials: number[], x: number): void {
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j];
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  // Most additions keep the length; shrinking pops (assigning `length` takes V8's slow path:
  // 26 → 15 ns per addition of revenue-like values).
  if (i < partials.length) {
    partials[i] = x;
    while (partials.length > i + 1) partials.pop();
  } else partials.push(x);
}

/** The correctly rounded value of a partials list (round-half-even on the exact sum). */
export function partialsValue(p: readonly number[]): number {
  let n = p.length;
  if (n === 0) return 0;
  let hi = p[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n];
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // The partials below the break point decide a tie: if they push the same way as lo, round away.
  if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

/** Exact product a·b as hi + lo (Dekker/Veltkamp; exact while no overflow or underflow). */
export function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const ca = 134217729 * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = 134217729 * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, err];
}

/**
 * A fixed number of exact sums ("cells"). A cell is a single double in `first` until adding to it
 * would round; from then on (hasMore[i] = 1, first[i] = 0) its exact value is the partials list
 * more.get(i). Few cells ever need partials (sums of whole units never round), so they are kept in a
 * map: creating sums for a catalogue's daily series allocates two typed arrays and a flag array,
 * not an array of tens of thousands of slots. Non-finite inputs go to `special[i]` (plain addition:
 * NaN and ±Infinity do not depend on order either).
 */
export interface ExactSums {
  first: Float64Array;
  hasMore: Uint8Array;
  more: Map<number, number[]>;
  special: Float64Array;
}

export function createExactSums(n: number): ExactSums {
  return { first: new Float64Array(n), hasMore: new Uint8Array(n), more: new Map(), special: new Float64Array(n) };
}

/** The partials list of cell i, or null while the cell is a single double. */
function moreOf(s: ExactSums, i: number): number[] | null {
  return s.hasMore[i] === 0 ? null : s.more.get(i)!;
}

function setMore(s: ExactSums, i: number, partials: number[]): void {
  s.hasMore[i] = 1;
  s.more.set(i, partials);
  s.first[i] = 0;
}

export function exactAdd(s: ExactSums, i: number, x: number): void {
  const m = moreOf(s, i);
  if (m === null) {
    const a = s.first[i];
    const hi = a + x;
    // TwoSum: the rounding error of a + x, exact for any order of magnitudes.
    const bb = hi - a;
    const lo = a - (hi - bb) + (x - bb);
    if (lo === 0) {
      if (hi - hi === 0) {
        s.first[i] = hi;
        return;
      }
    } else if (hi - hi === 0) {
      setMore(s, i, [lo, hi]); // |lo| ≤ ulp(hi)/2: already non-overlapping, increasing
      return;
    }
    // Non-finite somewhere: keep the finite part exact and the rest apart.
    if (x - x !== 0) s.special[i] += x;
    return;
  }
  if (x - x !== 0) {
    s.special[i] += x;
    return;
  }
  partialsAdd(m, x);
}

/** Adds x·x exactly (as the two parts of the exact square; Dekker's product, inlined to avoid allocating). */
export function exactAddSquare(s: ExactSums, i: number, x: number): void {
  const hi = x * x;
  if (hi - hi !== 0) {
    exactAdd(s, i, hi);
    return;
  }
  const c = 134217729 * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  exactAdd(s, i, hi);
  if (lo !== 0) exactAdd(s, i, lo);
}

/** Empties every cell, keeping the arrays. */
export function exactClear(s: ExactSums): void {
  s.first.fill(0);
  s.hasMore.fill(0);
  s.more.clear();
  s.special.fill(0);
}

/** Adds a[i] to cell offset + i for every i. */
export function exactAddArray(s: ExactSums, offset: number, a: ArrayLike<number>, from = 0, count = a.length - from): void {
  const first = s.first;
  const hasMore = s.hasMore;
  let k = 0;
  if (s.more.size === 0) {
    // No cell has partials yet (sums of whole units): only the rounding check, until one rounds.
    for (; k < count; k++) {
      const i = offset + k;
      const x = a[from + k];
      const y = first[i];
      const hi = y + x;
      const bb = hi - y;
      if (y - (hi - bb) + (x - bb) !== 0 || hi - hi !== 0) break;
      first[i] = hi;
    }
  }
  for (; k < count; k++) {
    const i = offset + k;
    const x = a[from + k];
    // Fast path of exactAdd, inlined: per-day sums of whole units almost never round.
    if (hasMore[i] === 0) {
      const y = first[i];
      const hi = y + x;
      const bb = hi - y;
      if (y - (hi - bb) + (x - bb) === 0 && hi - hi === 0) {
        first[i] = hi;
        continue;
      }
    }
    exactAdd(s, i, x);
  }
}

/** The partials of cell i (a copy). */
export function exactPartials(s: ExactSums, i: number): number[] {
  const m = moreOf(s, i);
  return m === null ? (s.first[i] === 0 ? [] : [s.first[i]]) : m.slice();
}

/** The correctly rounded value of cell i. */
export function exactValue(s: ExactSums, i: number): number {
  const sp = s.special[i];
  if (sp !== 0) return sp;
  const m = moreOf(s, i);
  return m === null ? s.first[i] : partialsValue(m);
}

/** Adds every cell of b into a (same length). */
export function exactMerge(a: ExactSums, b: ExactSums): void {
  if (a.first.length !== b.first.length) throw new Error(`cannot merge exact sums of ${b.first.length} cells into ${a.first.length}`);
  for (let i = 0; i < b.first.length; i++) {
    if (b.hasMore[i] === 0) {
      if (b.first[i] !== 0) exactAdd(a, i, b.first[i]);
    } else for (const x of b.more.get(i)!) exactAdd(a, i, x);
    if (b.special[i] !== 0) a.special[i] += b.special[i];
  }
}

/**
 * Σ(x − m)² over the values whose exact sum is cell `i` of `sum` and exact sum of squares cell `i` of
 * `sumSq`, with m = round(Σx / n), computed exactly before one final rounding: no cancellation even
 * when the mean is large against the spread.
 */
export function exactCentralSecondMoment(sum: ExactSums, sumSq: ExactSums, i: number, n: number): number {
  if (n === 0) return 0;
  const spS = sum.special[i];
  const spQ = sumSq.special[i];
  if (spS !== 0 || spQ !== 0) return NaN;
  const m = exactValue(sum, i) / n;
  const e = exactPartials(sumSq, i);
  // − 2m Σx: 2m is an exact scaling, each partial's product is split exactly.
  for (const p of exactPartials(sum, i)) {
    const [h, l] = twoProduct(-2 * m, p);
    partialsAdd(e, h);
    if (l !== 0) partialsAdd(e, l);
  }
  // + n m²
  const [a, b] = twoProduct(m, m);
  for (const part of [a, b]) {
    if (part === 0) continue;
    const [h, l] = twoProduct(n, part);
    partialsAdd(e, h);
    if (l !== 0) partialsAdd(e, l);
  }
  return Math.max(0, partialsValue(e));
}

/**
 * Serialized form: first values, { cell: partials } for cells with more, { cell: "NaN" | "Infinity" |
 * "-Infinity" }. JSON-safe with number[]; `typed` keeps Float64Arrays, which structured clone copies
 * as blocks (worker messages): `first`, and the partials packed as cell, count, partials… in one array.
 */
export interface SerializedExactSums {
  n: number;
  first: number[] | Float64Array;
  more: Record<string, number[]> | Float64Array;
  special?: Record<string, string>;
}

/** With `typed`, the Float64Arrays come from `alloc` (a worker's arena, see arena.ts). */
export function serializeExactSums(s: ExactSums, typed = false, alloc: F64Alloc = newF64): SerializedExactSums {
  const first = typed ? copyF64(alloc, s.first) : Array.from(s.first);
  let more: Record<string, number[]> | Float64Array;
  if (typed) {
    let size = 0;
    for (const m of s.more.values()) size += 2 + m.length;
    const packed = alloc(size);
    let k = 0;
    for (const [i, m] of s.more) {
      packed[k++] = i;
      packed[k++] = m.length;
      for (const x of m) packed[k++] = x;
      first[i] = 0;
    }
    more = packed;
  } else {
    const rec: Record<string, number[]> = {};
    for (const [i, m] of s.more) {
      rec[i] = m.slice();
      first[i] = 0;
    }
    more = rec;
  }
  let special: Record<string, string> | undefined;
  for (let i = 0; i < s.special.length; i++) if (s.special[i] !== 0) (special ??= {})[i] = String(s.special[i]);
  return special ? { n: s.first.length, first, more, special } : { n: s.first.length, first, more };
}

/**
 * The cells of serialised sums that hold partials, checked: each(cell, partials) in order, the
 * partials read from the packed typed form or the JSON record.
 */
function eachPartials(j: SerializedExactSums, n: number, each: (i: number, partials: number[]) => void): void {
  const more = j.more ?? {};
  if (more instanceof Float64Array) {
    for (let k = 0; k < more.length;) {
      const i = more[k];
      const len = more[k + 1];
      if (!(Number.isInteger(i) && i >= 0 && i < n && len >= 0 && k + 2 + len <= more.length)) throw new Error(`exact sums: bad packed partials at ${k}`);
      each(i, Array.from(more.subarray(k + 2, k + 2 + len)));
      k += 2 + len;
    }
  } else
    for (const [k, v] of Object.entries(more)) {
      const i = Number(k);
      if (!(i >= 0 && i < n) || !Array.isArray(v)) throw new Error(`exact sums: bad cell ${k}`);
      each(i, v.map(Number));
    }
}

/** Checks that serialised sums have n cells in `first`. */
function checkFirst(j: SerializedExactSums, n: number, what: string): void {
  if (j.n !== n || !(Array.isArray(j.first) || j.first instanceof Float64Array) || j.first.length !== n) throw new Error(what);
}

/**
 * Adds serialised sums into `a` (exactMerge without building them first): a typed part's arrays are
 * only read, so they may be views of a worker's arena.
 */
export function exactMergeSerialized(a: ExactSums, j: SerializedExactSums): void {
  const n = a.first.length;
  checkFirst(j, n, `cannot merge exact sums of ${j.first?.length} cells into ${n}`);
  exactAddArray(a, 0, j.first, 0, n);
  eachPartials(j, n, (i, partials) => {
    for (const x of partials) exactAdd(a, i, x);
  });
  for (const [k, v] of Object.entries(j.special ?? {})) a.special[Number(k)] += Number(v);
}

export function deserializeExactSums(j: SerializedExactSums): ExactSums {
  const s = createExactSums(j.n);
  checkFirst(j, j.n, "exact sums: 'first' has the wrong length");
  s.first.set(j.first);
  eachPartials(j, j.n, (i, partials) => setMore(s, i, partials));
  for (const [k, v] of Object.entries(j.special ?? {})) s.special[Number(k)] = Number(v);
  return s;
}

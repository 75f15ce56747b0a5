/**
 * A deterministic, mergeable quantile sketch. Up to EXACT_LIMIT values it keeps them all and answers
 * exactly; beyond that it counts values in logarithmic buckets (DDSketch: every value in bucket i lies
 * in (γ^(i−1), γ^i], reported as 2γ^i/(γ+1), so the relative error is at most α = RELATIVE_ACCURACY).
 * Either way the state depends only on the multiset of values added, never on their order or on how
 * sketches were grouped before merging, so any worker or shard split answers the same.
 */

import { newF64, type F64Alloc } from "./arena.ts";
import { selectQuantiles } from "./selectQuantiles.ts";
import { grown } from "../engine/grow.ts";

export const EXACT_LIMIT = 512;
export const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const INV_LN_GAMMA = 1 / Math.log(GAMMA);

/**
 * Bucket counts for a contiguous range of bucket indices: counts[i − offset]. A dense array rather
 * than a Map because adding a value must be cheap (it happens per run, per metric, per product);
 * the range of a metric across runs is narrow (a few hundred buckets), and it grows by doubling.
 */
export interface BucketStore {
  offset: number;
  counts: Float64Array;
}

/** Shared by every empty store: never written (the first add replaces it), and sketches are made by the thousand. */
const NO_COUNTS = new Float64Array(0);
const emptyStore = (): BucketStore => ({ offset: 0, counts: NO_COUNTS });

function storeAdd(st: BucketStore, i: number, c: number): void {
  let k = i - st.offset;
  const n = st.counts.length;
  if (k < 0 || k >= n) {
    if (n === 0) {
      st.offset = i - 32;
      st.counts = new Float64Array(64);
    } else {
      const lo = Math.min(st.offset, i);
      const hi = Math.max(st.offset + n, i + 1);
      const size = Math.max(2 * n, hi - lo + 32);
      const next = new Float64Array(size);
      const newOffset = k < 0 ? hi - size : lo;
      next.set(st.counts, st.offset - newOffset);
      st.offset = newOffset;
      st.counts = next;
    }
    k = i - st.offset;
  }
  st.counts[k] += c;
}

/** Adds every count of b into a (room made once, then one pass; no per-bucket pairs). */
function storeMerge(a: BucketStore, b: BucketStore): void {
  const c = b.counts;
  let lo = 0;
  let hi = c.length;
  while (lo < hi && c[lo] === 0) lo++;
  while (hi > lo && c[hi - 1] === 0) hi--;
  if (lo === hi) return;
  storeAdd(a, b.offset + lo, 0);
  storeAdd(a, b.offset + hi - 1, 0);
  const shift = b.offset - a.offset;
  const ac = a.counts;
  for (let k = lo; k < hi; k++) ac[k + shift] += c[k];
}

/** Non-zero buckets as [index, count] pairs, ascending index. */
function storeEntries(st: BucketStore): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < st.counts.length; k++) if (st.counts[k] !== 0) out.push([k + st.offset, st.counts[k]]);
  return out;
}

export interface QuantileSketch {
  n: number;
  min: number;
  max: number;
  /**
   * All values while n ≤ EXACT_LIMIT, unsorted, in exact[0 … n); null once bucketed. A typed array
   * grown by doubling: thousands of sketches fill up run by run, and growing plain arrays one push at
   * a time kept the garbage collector busy (its helper threads compete with the other workers).
   */
  exact: Float64Array | null;
  /** Bucket counts for positive values and for |negative values|. */
  pos: BucketStore;
  neg: BucketStore;
  zero: number;
  /** NaN values seen (left out of quantiles). */
  nan: number;
}

export function createSketch(): QuantileSketch {
  return { n: 0, min: Infinity, max: -Infinity, exact: NO_VALUES, pos: emptyStore(), neg: emptyStore(), zero: 0, nan: 0 };
}

/** Empties the sketch; values it collects next go into the room it already has. */
export function sketchClear(s: QuantileSketch): void {
  s.n = 0;
  s.min = Infinity;
  s.max = -Infinity;
  if (s.exact === null) s.exact = NO_VALUES;
  s.pos = emptyStore();
  s.neg = emptyStore();
  s.zero = 0;
  s.nan = 0;
}

/** Shared by every empty sketch, like NO_COUNTS: the first value replaces it. */
const NO_VALUES = new Float64Array(0);
const FIRST_CAPACITY = 16;

/** Appends x as value number s.n (s.n not yet incremented); the caller checks for EXACT_LIMIT. */
function exactPush(s: QuantileSketch, ex: Float64Array, x: number): void {
  const n = s.n;
  if (n >= ex.length) ex = growExact(s, ex, n + 1);
  ex[n] = x;
}

/** A copy of the sketch's n values with room for at least `need` (doubling, at most EXACT_LIMIT + 1), installed as s.exact. */
function growExact(s: QuantileSketch, ex: Float64Array, need: number): Float64Array {
  const next = grown(ex, Math.min(EXACT_LIMIT + 1, Math.max(FIRST_CAPACITY, need, 2 * ex.length)), s.n);
  s.exact = next;
  return next;
}

const bucketOf = (abs: number) => Math.ceil(Math.log(abs) * INV_LN_GAMMA);
const bucketValue = (i: number) => (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);

function bucketAdd(s: QuantileSketch, x: number, count: number): void {
  if (x > 0) storeAdd(s.pos, bucketOf(x), count);
  else if (x < 0) storeAdd(s.neg, bucketOf(-x), count);
  else s.zero += count;
}

function toBuckets(s: QuantileSketch): void {
  const ex = s.exact;
  if (ex === null) return;
  s.exact = null;
  for (let i = 0; i < s.n; i++) bucketAdd(s, ex[i], 1);
}

export function sketchAdd(s: QuantileSketch, x: number): void {
  x += 0; // −0 → +0, so min/max do not depend on which zero came first
  if (x !== x) {
    s.nan++;
    return;
  }
  if (x < s.min) s.min = x;
  if (x > s.max) s.max = x;
  const ex = s.exact;
  if (ex !== null) {
    exactPush(s, ex, x);
    s.n++;
    if (s.n > EXACT_LIMIT) toBuckets(s);
  } else {
    s.n++;
    bucketAdd(s, x, 1);
  }
}

/** Adds b's values into a. */
export function sketchMerge(a: QuantileSketch, b: QuantileSketch): void {
  a.nan += b.nan;
  if (b.n === 0) return;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
  const bx = b.exact;
  if (a.exact !== null && bx !== null && a.n + b.n <= EXACT_LIMIT) {
    const need = a.n + b.n;
    const ax = need > a.exact.length ? growExact(a, a.exact, need) : a.exact;
    for (let k = 0, at = a.n; k < b.n; k++) ax[at + k] = bx[k];
    a.n = need;
    return;
  }
  toBuckets(a);
  a.n += b.n;
  if (bx !== null) for (let i = 0; i < b.n; i++) bucketAdd(a, bx[i], 1);
  else {
    storeMerge(a.pos, b.pos);
    storeMerge(a.neg, b.neg);
    a.zero += b.zero;
  }
}

/** Working copy for selecting quantiles (selection reorders it); summaries ask for thousands in a row. */
let scratch = new Float64Array(EXACT_LIMIT + 1);

/** Quantiles (q in [0, 1]) of the values: linear interpolation between order statistics while exact. */
export function sketchQuantiles(s: QuantileSketch, qs: readonly number[]): number[] {
  if (s.n === 0) return qs.map(() => NaN);
  if (s.exact !== null) {
    // Quickselect gives the same order statistics as a sort, for ascending qs, more cheaply.
    const ascending = qs.every((q, i) => i === 0 || q >= qs[i - 1]);
    if (ascending) {
      if (scratch.length < s.n) scratch = new Float64Array(2 * s.n);
      scratch.set(s.exact.subarray(0, s.n));
      return selectQuantiles(scratch, s.n, qs);
    }
    const v = s.exact.slice(0, s.n).sort();
    return qs.map((q) => {
      const h = (v.length - 1) * q;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, v.length - 1);
      return v[lo] + (h - lo) * (v[hi] - v[lo]);
    });
  }
  // Walk buckets in increasing value order: negatives from the largest |x| bucket down, zero, positives up.
  const neg = storeEntries(s.neg).reverse();
  const pos = storeEntries(s.pos);
  return qs.map((q) => {
    if (q <= 0) return s.min;
    if (q >= 1) return s.max;
    const rank = q * (s.n - 1);
    let seen = 0;
    for (const [i, c] of neg) {
      seen += c;
      if (seen > rank) return clamp(-bucketValue(i), s);
    }
    seen += s.zero;
    if (seen > rank) return 0;
    for (const [i, c] of pos) {
      seen += c;
      if (seen > rank) return clamp(bucketValue(i), s);
    }
    return s.max;
  });
}

const clamp = (x: number, s: QuantileSketch) => Math.min(s.max, Math.max(s.min, x));

export interface SerializedSketch {
  n: number;
  min: number | null;
  max: number | null;
  /** A Float64Array when serialized for a worker message (copied as one block), else a JSON-safe array. */
  exact: number[] | Float64Array | null;
  pos: [number, number][];
  neg: [number, number][];
  zero: number;
  nan: number;
}

export function serializeSketch(s: QuantileSketch, typed = false): SerializedSketch {
  const entries = storeEntries;
  return {
    n: s.n,
    min: s.n > 0 ? s.min : null,
    max: s.n > 0 ? s.max : null,
    exact: s.exact === null ? null : typed ? s.exact.slice(0, s.n) : Array.from(s.exact.subarray(0, s.n)),
    pos: entries(s.pos),
    neg: entries(s.neg),
    zero: s.zero,
    nan: s.nan,
  };
}

function storeFrom(entries: [number, number][]): BucketStore {
  const st = emptyStore();
  for (const [i, c] of entries) storeAdd(st, i, c);
  return st;
}

/** A typed array from a worker message is adopted as it is; a JSON array is copied into one. */
export function deserializeSketch(j: SerializedSketch): QuantileSketch {
  if (j.exact !== null && j.exact.length !== j.n) throw new Error(`quantile sketch has ${j.exact.length} values but n = ${j.n}`);
  return {
    n: j.n,
    min: j.min ?? Infinity,
    max: j.max ?? -Infinity,
    exact: j.exact === null ? null : j.exact instanceof Float64Array ? j.exact : Float64Array.from(j.exact),
    pos: storeFrom(j.pos),
    neg: storeFrom(j.neg),
    zero: j.zero,
    nan: j.nan ?? 0,
  };
}

/**
 * Many sketches in a few typed arrays, for worker messages: structured clone then copies a few blocks
 * instead of thousands of small objects (a bucketed sketch alone was an array of [index, count]
 * pairs), and the receiver's sketches are views into those arrays.
 */
export interface PackedSketches {
  count: number;
  /** Per sketch: n, min, max, zero, nan, and 1 when bucketed (0 when exact). */
  head: Float64Array;
  /** The exact sketches' values, one after another in sketch order. */
  values: Float64Array;
  /** The bucketed sketches' stores in sketch order: offset, length, counts… for positives, then for negatives. */
  stores: Float64Array;
}

const HEAD = 6;

/** The used part of a store: counts from its first to its last non-zero bucket. */
function storeSpan(st: BucketStore): [number, number] {
  let a = 0;
  let b = st.counts.length;
  while (a < b && st.counts[a] === 0) a++;
  while (b > a && st.counts[b - 1] === 0) b--;
  return [a, b];
}

/** The arrays come from `alloc` (a worker's arena, see arena.ts); every element is written. */
export function packSketches(list: readonly QuantileSketch[], alloc: F64Alloc = newF64): PackedSketches {
  const head = alloc(list.length * HEAD);
  let total = 0;
  let storeSize = 0;
  for (const s of list) {
    if (s.exact !== null) total += s.n;
    else
      for (const st of [s.pos, s.neg]) {
        const [a, b] = storeSpan(st);
        storeSize += 2 + b - a;
      }
  }
  const values = alloc(total);
  const stores = alloc(storeSize);
  let off = 0;
  let so = 0;
  list.forEach((s, i) => {
    const h = i * HEAD;
    head[h] = s.n;
    head[h + 1] = s.min;
    head[h + 2] = s.max;
    head[h + 3] = s.zero;
    head[h + 4] = s.nan;
    head[h + 5] = s.exact === null ? 1 : 0;
    if (s.exact !== null) {
      values.set(s.exact.subarray(0, s.n), off);
      off += s.n;
      return;
    }
    for (const st of [s.pos, s.neg]) {
      const [a, b] = storeSpan(st);
      stores[so] = st.offset + a;
      stores[so + 1] = b - a;
      stores.set(st.counts.subarray(a, b), so + 2);
      so += 2 + b - a;
    }
  });
  return { count: list.length, head, values, stores };
}

export function unpackSketches(p: PackedSketches): QuantileSketch[] {
  const bad = () => new Error("packed quantile sketches are corrupted");
  if (!(p.head instanceof Float64Array) || p.head.length !== p.count * HEAD || !(p.values instanceof Float64Array) || !(p.stores instanceof Float64Array))
    throw bad();
  const out: QuantileSketch[] = new Array(p.count);
  const head = p.head;
  const values = p.values;
  const buffer = values.buffer;
  const at = values.byteOffset;
  let off = 0;
  let so = 0;
  // Views of exactly the packed values: adding to one copies it out first (exactPush, storeAdd grow it).
  const store = (): BucketStore => {
    const len = p.stores[so + 1];
    if (!(len >= 0) || so + 2 + len > p.stores.length) throw bad();
    const st = len === 0 ? emptyStore() : { offset: p.stores[so], counts: p.stores.subarray(so + 2, so + 2 + len) };
    so += 2 + len;
    return st;
  };
  for (let i = 0; i < p.count; i++) {
    const h = i * HEAD;
    const n = head[h];
    if (head[h + 5] === 1) {
      const pos = store();
      out[i] = { n, min: head[h + 1], max: head[h + 2], exact: null, pos, neg: store(), zero: head[h + 3], nan: head[h + 4] };
      continue;
    }
    if (!(n >= 0) || off + n > values.length) throw bad();
    // A view made by the constructor: subarray() looks up a species constructor each time, and a
    // part has thousands of sketches.
    const exact = n === 0 ? NO_VALUES : new Float64Array(buffer, at + 8 * off, n);
    out[i] = { n, min: head[h + 1], max: head[h + 2], exact, pos: emptyStore(), neg: emptyStore(), zero: head[h + 3], nan: head[h + 4] };
    off += n;
  }
  return out;
}

/**
 * sketchMerge(as[i], bs[i]) for every i. Sketches that stay exact get their room from one block for
 * all of them, instead of one allocation each: merging two workers' parts grows thousands of sketches.
 */
export function sketchMergeAll(as: readonly QuantileSketch[], bs: readonly QuantileSketch[]): void {
  let total = 0;
  const grows = (a: QuantileSketch, b: QuantileSketch) =>
    a.exact !== null && b.exact !== null && b.n > 0 && a.n + b.n <= EXACT_LIMIT && a.n + b.n > a.exact.length;
  for (let i = 0; i < as.length; i++) if (grows(as[i], bs[i])) total += as[i].n + bs[i].n;
  if (total > 0) {
    const block = new ArrayBuffer(8 * total);
    let off = 0;
    for (let i = 0; i < as.length; i++) {
      const a = as[i];
      if (!grows(a, bs[i])) continue;
      const need = a.n + bs[i].n;
      const room = new Float64Array(block, 8 * off, need);
      const ex = a.exact!;
      for (let k = 0; k < a.n; k++) room[k] = ex[k];
      a.exact = room;
      off += need;
    }
  }
  for (let i = 0; i < as.length; i++) sketchMerge(as[i], bs[i]);
}

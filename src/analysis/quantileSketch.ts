/**
 * A deterministic, mergeable quantile sketch. Up to EXACT_LIMIT values it keeps them all and answers
 * exactly; beyond that it counts values in logarithmic buckets (DDSketch: every value in bucket i lies
 * in (γ^(i−1), γ^i], reported as 2γ^i/(γ+1), so the relative error is at most α = RELATIVE_ACCURACY).
 * Either way the state depends only on the multiset of values added, never on their order or on how
 * sketches were grouped before merging, so any worker or shard split answers the same.
 */

export const EXACT_LIMIT = 512;
export const RELATIVE_ACCURACY = 0.005;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LN_GAMMA = Math.log(GAMMA);

export interface QuantileSketch {
  n: number;
  min: number;
  max: number;
  /** All values while n ≤ EXACT_LIMIT (unsorted); null once bucketed. */
  exact: number[] | null;
  /** Bucket index → count, for positive values and for |negative values|. */
  pos: Map<number, number>;
  neg: Map<number, number>;
  zero: number;
  /** NaN values seen (left out of quantiles). */
  nan: number;
}

export function createSketch(): QuantileSketch {
  return { n: 0, min: Infinity, max: -Infinity, exact: [], pos: new Map(), neg: new Map(), zero: 0, nan: 0 };
}

const bucketOf = (abs: number) => Math.ceil(Math.log(abs) / LN_GAMMA);
const bucketValue = (i: number) => (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);

function bucketAdd(s: QuantileSketch, x: number, count: number): void {
  if (x > 0) {
    const i = bucketOf(x);
    s.pos.set(i, (s.pos.get(i) ?? 0) + count);
  } else if (x < 0) {
    const i = bucketOf(-x);
    s.neg.set(i, (s.neg.get(i) ?? 0) + count);
  } else s.zero += count;
}

function toBuckets(s: QuantileSketch): void {
  const ex = s.exact;
  if (ex === null) return;
  s.exact = null;
  for (const x of ex) bucketAdd(s, x, 1);
}

export function sketchAdd(s: QuantileSketch, x: number): void {
  x += 0; // −0 → +0, so min/max do not depend on which zero came first
  if (x !== x) {
    s.nan++;
    return;
  }
  s.n++;
  if (x < s.min) s.min = x;
  if (x > s.max) s.max = x;
  if (s.exact !== null) {
    s.exact.push(x);
    if (s.exact.length > EXACT_LIMIT) toBuckets(s);
  } else bucketAdd(s, x, 1);
}

/** Adds b's values into a. */
export function sketchMerge(a: QuantileSketch, b: QuantileSketch): void {
  a.nan += b.nan;
  if (b.n === 0) return;
  a.n += b.n;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
  if (a.exact !== null && b.exact !== null && a.exact.length + b.exact.length <= EXACT_LIMIT) {
    for (const x of b.exact) a.exact.push(x);
    return;
  }
  toBuckets(a);
  if (b.exact !== null) for (const x of b.exact) bucketAdd(a, x, 1);
  else {
    for (const [i, c] of b.pos) a.pos.set(i, (a.pos.get(i) ?? 0) + c);
    for (const [i, c] of b.neg) a.neg.set(i, (a.neg.get(i) ?? 0) + c);
    a.zero += b.zero;
  }
}

/** Quantiles (q in [0, 1]) of the values: linear interpolation between order statistics while exact. */
export function sketchQuantiles(s: QuantileSketch, qs: readonly number[]): number[] {
  if (s.n === 0) return qs.map(() => NaN);
  if (s.exact !== null) {
    const v = Float64Array.from(s.exact).sort();
    return qs.map((q) => {
      const h = (v.length - 1) * q;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, v.length - 1);
      return v[lo] + (h - lo) * (v[hi] - v[lo]);
    });
  }
  // Walk buckets in increasing value order: negatives from the largest |x| bucket down, zero, positives up.
  const neg = [...s.neg.entries()].sort((a, b) => b[0] - a[0]);
  const pos = [...s.pos.entries()].sort((a, b) => a[0] - b[0]);
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
  exact: number[] | null;
  pos: [number, number][];
  neg: [number, number][];
  zero: number;
  nan: number;
}

export function serializeSketch(s: QuantileSketch): SerializedSketch {
  const entries = (m: Map<number, number>) => [...m.entries()].sort((a, b) => a[0] - b[0]);
  return {
    n: s.n,
    min: s.n > 0 ? s.min : null,
    max: s.n > 0 ? s.max : null,
    exact: s.exact === null ? null : s.exact.slice(),
    pos: entries(s.pos),
    neg: entries(s.neg),
    zero: s.zero,
    nan: s.nan,
  };
}

export function deserializeSketch(j: SerializedSketch): QuantileSketch {
  return {
    n: j.n,
    min: j.min ?? Infinity,
    max: j.max ?? -Infinity,
    exact: j.exact === null ? null : j.exact.slice(),
    pos: new Map(j.pos),
    neg: new Map(j.neg),
    zero: j.zero,
    nan: j.nan ?? 0,
  };
}

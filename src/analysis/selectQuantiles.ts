/**
 * Quantiles with linear interpolation between order statistics (type 7, as d3.quantile), found
 * without a full sort: a summary needs three quantiles of a few hundred values for every metric of
 * every product and for every day of every series. Values are counted into buckets of equal width
 * between their minimum and maximum (one pass, no data-dependent branches); an order statistic is
 * then selected among the values of its bucket only. Returns exactly the values a sort would give.
 * May reorder `v`.
 */

function swap(v: Float64Array, i: number, j: number): void {
  const t = v[i];
  v[i] = v[j];
  v[j] = t;
}

/** Moves the k-th smallest of v[lo..hi] to index k, smaller before it and larger after (Hoare/Floyd–Rivest style). */
function select(v: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    // Median of three as pivot keeps already-ordered runs (common for daily values) linear.
    const mid = (lo + hi) >>> 1;
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[hi] < v[mid]) swap(v, hi, mid);
    const pivot = v[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) {
        swap(v, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Type-7 quantiles of v[0..n) for ascending qs in [0, 1]; NaN when n = 0. */
export function selectQuantiles(v: Float64Array, n: number, qs: readonly number[], out: number[] = new Array(qs.length)): number[] {
  if (n === 0) {
    out.fill(NaN, 0, qs.length);
    return out;
  }
  let lo = v[0];
  let hi = v[0];
  for (let i = 1; i < n; i++) {
    const x = v[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (hi === lo) {
    // All equal (a metric that never varies, a day without a lost sale): what interpolating
    // between two equal values gives, a zero always positive as below.
    out.fill(lo + 0, 0, qs.length);
    return out;
  }
  if (n >= MIN_BUCKETED) {
    const scale = BUCKETS / (hi - lo);
    if (scale > 0 && scale < Infinity) return bucketedQuantiles(v, n, qs, out, lo, scale);
  }
  let from = 0;
  for (let q = 0; q < qs.length; q++) {
    const h = (n - 1) * qs[q];
    const k = Math.floor(h);
    select(v, k, from, n - 1);
    const a = v[k];
    let b = a;
    if (h > k) {
      b = v[k + 1];
      for (let i = k + 2; i < n; i++) if (v[i] < b) b = v[i];
    }
    out[q] = a + (h - k) * (b - a);
    // Later (larger) quantiles lie at or after k: the left part is settled.
    from = k;
  }
  return out;
}

/** Below this many values quickselect alone is as quick. */
const MIN_BUCKETED = 48;
const BUCKETS = 64;
/** Bucket of each value, the buckets' first ranks and fill positions, and the values in bucket order. */
let bucketOf = new Uint8Array(1024);
const firstRank = new Int32Array(BUCKETS + 1);
const fill = new Int32Array(BUCKETS);
let sorted = new Float64Array(1024);

function bucketedQuantiles(v: Float64Array, n: number, qs: readonly number[], out: number[], lo: number, scale: number): number[] {
  if (bucketOf.length < n) {
    bucketOf = new Uint8Array(2 * n);
    sorted = new Float64Array(2 * n);
  }
  // b = ⌊(x − lo)·scale⌋ never decreases as x grows, so every value of a bucket is ≤ every value of
  // the next: with the values placed bucket after bucket (a counting sort by bucket), the r-th
  // smallest is the r-th of that order once its own bucket is put in order around r.
  fill.fill(0);
  for (let i = 0; i < n; i++) {
    let b = ((v[i] - lo) * scale) | 0;
    if (b >= BUCKETS) b = BUCKETS - 1;
    bucketOf[i] = b;
    fill[b]++;
  }
  for (let b = 0; b < BUCKETS; b++) {
    firstRank[b + 1] = firstRank[b] + fill[b];
    fill[b] = firstRank[b];
  }
  for (let i = 0; i < n; i++) sorted[fill[bucketOf[i]]++] = v[i];
  let b = 0;
  for (let q = 0; q < qs.length; q++) {
    const h = (n - 1) * qs[q];
    const k = Math.floor(h);
    // Ranks asked for only grow, so the bucket search resumes where it stopped.
    while (firstRank[b + 1] <= k) b++;
    select(sorted, k, firstRank[b], firstRank[b + 1] - 1);
    const a = sorted[k];
    let next = a;
    if (h > k) {
      // The (k+1)-th smallest: the least value after k in its bucket, or the least of the next non-empty bucket.
      const end = firstRank[b + 1];
      if (k + 1 < end) {
        next = sorted[k + 1];
        for (let i = k + 2; i < end; i++) if (sorted[i] < next) next = sorted[i];
      } else {
        let c = b + 1;
        while (firstRank[c + 1] === firstRank[c]) c++;
        select(sorted, firstRank[c], firstRank[c], firstRank[c + 1] - 1);
        next = sorted[firstRank[c]];
      }
    }
    out[q] = a + (h - k) * (next - a);
  }
  return out;
}

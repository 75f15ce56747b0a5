/**
 * Quantiles with linear interpolation between order statistics (type 7, as d3.quantile), found by
 * quickselect instead of a full sort: the per-day fan bands need three quantiles of a few hundred
 * values for every day of every series, and selecting is several times cheaper than sorting there.
 * Returns exactly the values a sort would give. Reorders `v` in place.
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

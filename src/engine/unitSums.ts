/**
 * A day's units demanded by r orders of random size, S_r = U₁ + … + U_r, tabulated for r up to a
 * product's usual daily order count R. The day loop draws the total from S_n with one uniform (a day
 * with more than R orders: one per block of R orders in arrival order, the blocks being independent)
 * and, when stock covers it, serves the day in bulk without drawing each order's size. Only when stock
 * runs short are the sizes needed, one order at a time in arrival order; they are then drawn from
 * their law given the total (U_i | U_i + … + U_n = R), so the sizes have exactly the joint law of
 * independent draws. Those conditional draws use keyed uniforms, so the demand stream consumes the
 * same numbers whatever the stock (common random numbers).
 */
import type { IntTable } from "./dists.ts";

export interface UnitSums {
  /** Order sizes: P(U = first + i) = sizeProbs[i]. */
  readonly first: number;
  readonly sizeProbs: Float64Array;
  /** Largest order count tabulated; days with more orders draw sizes one by one. */
  readonly maxOrders: number;
  /** S_r for r = 0 … maxOrders: P(S_r = lo[r] + i) = pmf[off[r] + i] for i < off[r + 1] − off[r]. */
  readonly off: Int32Array;
  readonly lo: Int32Array;
  readonly pmf: Float64Array;
  /** cum[off[r] + i] = P(S_r ≤ lo[r] + i). */
  readonly cum: Float64Array;
  /** Index (within r's block) of the median of S_r: where the inversion search starts. */
  readonly median: Int32Array;
}

/** Table entries a product may use (pmf and CDF, 16 bytes each). */
const MAX_ENTRIES = 4_096;

/**
 * Builds the sums for order sizes `sizes` and at most `maxOrders` orders a day (fewer if the table
 * would exceed MAX_ENTRIES entries).
 */
export function buildUnitSums(sizes: IntTable, maxOrders: number): UnitSums {
  const n = sizes.cum.length;
  const sizeProbs = new Float64Array(n);
  for (let i = 0; i < n; i++) sizeProbs[i] = sizes.cum[i] - (i > 0 ? sizes.cum[i - 1] : 0);
  // S_r by repeated convolution, each block trimmed to the entries above 1e-17 of its largest (the
  // mass dropped is below round-off), which keeps the tables small enough to stay in cache.
  const store = new Float64Array(MAX_ENTRIES);
  const full = new Float64Array(MAX_ENTRIES + n);
  const offs: number[] = [0, 1];
  const los: number[] = [0];
  store[0] = 1;
  for (let r = 1; r <= maxOrders; r++) {
    const prevAt = offs[r - 1];
    const prevLen = offs[r] - prevAt;
    const len = prevLen + n - 1;
    if (offs[r] + len > MAX_ENTRIES + n - 1) break;
    full.fill(0, 0, len);
    let top = 0;
    for (let i = 0; i < prevLen; i++) {
      const a = store[prevAt + i];
      for (let v = 0; v < n; v++) full[i + v] += a * sizeProbs[v];
    }
    for (let i = 0; i < len; i++) if (full[i] > top) top = full[i];
    let a = 0;
    let b = len;
    while (a < b - 1 && full[a] < top * 1e-17) a++;
    while (b - 1 > a && full[b - 1] < top * 1e-17) b--;
    if (offs[r] + (b - a) > MAX_ENTRIES) break;
    store.set(full.subarray(a, b), offs[r]);
    offs.push(offs[r] + (b - a));
    los.push(los[r - 1] + sizes.first + a);
  }
  const R = los.length - 1;
  const off = Int32Array.from(offs);
  const pmf = store.slice(0, off[R + 1]);
  const cum = new Float64Array(off[R + 1]);
  const median = new Int32Array(R + 1);
  for (let r = 0; r <= R; r++) {
    let s = 0;
    let med = -1;
    for (let i = off[r]; i < off[r + 1]; i++) {
      s += pmf[i];
      cum[i] = s;
      if (med < 0 && s >= 0.5) med = i - off[r];
    }
    median[r] = med < 0 ? off[r + 1] - off[r] - 1 : med;
  }
  return { first: sizes.first, sizeProbs, maxOrders: R, off, lo: Int32Array.from(los), pmf, cum, median };
}

/** Units demanded by r ≤ maxOrders orders, from one uniform: S_r = lo[r] + min{i : cum[i] > u}. */
export function sampleUnitSum(us: UnitSums, r: number, u: number): number {
  const base = us.off[r];
  const last = us.off[r + 1] - 1 - base;
  const cum = us.cum;
  let i = us.median[r];
  if (cum[base + i] > u) {
    while (i > 0 && cum[base + i - 1] > u) i--;
  } else {
    while (i < last && cum[base + i] <= u) i++;
  }
  return us.lo[r] + i;
}

/**
 * The size of the next order when r orders remain and together demand R units:
 * P(U = v | S_r = R) ∝ P(U = v) · P(S_{r−1} = R − v), inverted with uniform u.
 */
export function conditionalSize(us: UnitSums, r: number, R: number, u: number): number {
  if (r === 1) return R;
  const probs = us.sizeProbs;
  const pmf = us.pmf;
  // P(S_r = R) is the sum of the weights below (up to the trimmed tails, far below round-off).
  let x = u * pmf[us.off[r] + R - us.lo[r]];
  const base = us.off[r - 1];
  const len = us.off[r] - base;
  // Sizes v = first + j with R − v inside S_{r−1}'s table: j from jLo to jHi.
  const top = R - us.first - us.lo[r - 1];
  const jLo = Math.max(0, top - len + 1);
  const jHi = Math.min(probs.length - 1, top);
  let last = jLo;
  for (let j = jLo; j <= jHi; j++) {
    const w = probs[j] * pmf[base + top - j];
    if (w === 0) continue;
    last = j;
    if (x < w) return us.first + j;
    x -= w;
  }
  return us.first + last; // round-off left x above the total
}

/**
 * ABC classes of products by their share of revenue (Pareto): A are the products that together make
 * the first 80 % of revenue, B the next 15 %, C the rest (and every product with no revenue).
 */
export type AbcClass = "A" | "B" | "C";

export const ABC_SHARES = { A: 0.8, B: 0.95 } as const;

/**
 * The class of each product, from its mean revenue (same order as `revenue`). Products are taken
 * largest revenue first, ties in catalogue order; a product belongs to the class its revenue starts
 * in, so the one that crosses 80 % is still A.
 *
 * The revenues are sorted as numbers (the engine's own sort, no comparison function: at 4,000
 * products a sort of objects by a comparison function was most of the work), then each product
 * finds its place in that order; the sums are added in the same order either way.
 */
export function abcClasses(revenue: ArrayLike<number>): AbcClass[] {
  const n = revenue.length;
  const out = new Array<AbcClass>(n).fill("C");
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = revenue[i];
    value[i] = Number.isFinite(v) && v > 0 ? v : 0;
  }
  // Largest first: the ascending sort read backwards.
  const sorted = value.slice().sort();
  // before[k]: revenue of the k products ahead in that order; total: all of it.
  const before = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) before[k + 1] = before[k] + sorted[n - 1 - k];
  const total = before[n];
  if (!(total > 0)) return out;
  // Where each revenue's run of equal values starts in that order; equal revenues in catalogue order.
  const next = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const v = sorted[n - 1 - k];
    if (!next.has(v)) next.set(v, k);
  }
  for (let i = 0; i < n; i++) {
    const v = value[i];
    if (v <= 0) continue;
    const k = next.get(v)!;
    next.set(v, k + 1);
    const share = before[k] / total;
    out[i] = share < ABC_SHARES.A ? "A" : share < ABC_SHARES.B ? "B" : "C";
  }
  return out;
}

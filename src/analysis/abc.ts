/**
 * ABC classes of products by their share of revenue (Pareto): A are the products that together make
 * the first 80 % of revenue, B the next 15 %, C the rest (and every product with no revenue).
 */
export type AbcClass = "A" | "B" | "C";

export const ABC_SHARES = { A: 0.8, B: 0.95 } as const;

/** The class of each product, from its mean revenue (same order as `revenue`). */
export function abcClasses(revenue: readonly number[]): AbcClass[] {
  const order = revenue.map((v, i) => ({ v: Number.isFinite(v) && v > 0 ? v : 0, i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const total = order.reduce((s, x) => s + x.v, 0);
  const out = new Array<AbcClass>(revenue.length).fill("C");
  if (!(total > 0)) return out;
  let before = 0;
  for (const { v, i } of order) {
    if (v <= 0) break;
    // A product belongs to the class its revenue starts in: the one that crosses 80 % is still A.
    const share = before / total;
    out[i] = share < ABC_SHARES.A ? "A" : share < ABC_SHARES.B ? "B" : "C";
    before += v;
  }
  return out;
}

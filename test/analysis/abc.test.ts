import { describe, expect, it } from "vitest";
import { abcClasses } from "../../src/analysis/abc.ts";

describe("ABC classes by revenue", () => {
  it("A makes the first 80 % of revenue, B the next 15 %, C the rest and every product without revenue", () => {
    // Revenue 50, 30, 10, 6, 4 of 100: 50 starts at 0 %, 30 at 50 % (A), 10 at 80 % (B), 6 at 90 % (B), 4 at 96 % (C).
    expect(abcClasses([10, 50, 4, 30, 6, 0, NaN])).toEqual(["B", "A", "C", "A", "B", "C", "C"]);
  });
  it("puts everything in C when nothing sells, and ties keep catalogue order", () => {
    expect(abcClasses([0, 0])).toEqual(["C", "C"]);
    expect(abcClasses([1, 1, 1, 1, 1])).toEqual(["A", "A", "A", "A", "B"]);
  });
});

/** The rule as written: sort products by revenue (ties in catalogue order), add up in that order. */
function byTheRule(revenue: number[]): string[] {
  const order = revenue.map((v, i) => ({ v: Number.isFinite(v) && v > 0 ? v : 0, i })).sort((a, b) => b.v - a.v || a.i - b.i);
  const total = order.reduce((s, x) => s + x.v, 0);
  const out = revenue.map(() => "C");
  if (!(total > 0)) return out;
  let before = 0;
  for (const { v, i } of order) {
    if (v <= 0) break;
    const share = before / total;
    out[i] = share < 0.8 ? "A" : share < 0.95 ? "B" : "C";
    before += v;
  }
  return out;
}

describe("ABC classes of a catalogue", () => {
  it("match the rule taken product by product, with ties, zeros, NaN and infinities among thousands of products", () => {
    // A small generator of its own (no dependence on the engine's random numbers): revenues drawn from
    // a few repeated values, so ties sit on the 80 % and 95 % lines too.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [1, 2, 7, 100, 4000]) {
      for (let trial = 0; trial < 5; trial++) {
        const values = [0, NaN, Infinity, -3, 1, 2.5, 10, 10, 100, 1e6 / 7];
        const revenue = Array.from({ length: n }, () => (rand() < 0.5 ? values[Math.floor(rand() * values.length)] : Math.round(rand() * 1000) / 10));
        expect(abcClasses(revenue), `${n} products, trial ${trial}`).toEqual(byTheRule(revenue));
      }
    }
  });
  it("takes a typed array as well as a list", () => {
    expect(abcClasses(new Float64Array([10, 50, 4, 30, 6, 0, NaN]))).toEqual(["B", "A", "C", "A", "B", "C", "C"]);
  });
});

/**
 * Day totals of random order sizes (src/engine/unitSums.ts): the tabulated sums are the exact
 * convolutions (checked by hand on a small case), the total is drawn by inversion, and sizes drawn
 * one by one given the total have the law of independent sizes (frequencies within 5 binomial
 * standard errors of the exact probabilities) and always add up to the total.
 */
import { describe, expect, it } from "vitest";
import { compileIntTable } from "../../src/engine/dists.ts";
import { alea } from "../../src/engine/random.ts";
import type { Dist } from "../../src/engine/scenario.ts";
import { buildUnitSums, conditionalSize, sampleUnitSum } from "../../src/engine/unitSums.ts";

const sizes = (d: Dist) => compileIntTable(d, 1)!;
const pmfOf = (us: ReturnType<typeof buildUnitSums>, r: number) => Array.from(us.pmf.subarray(us.off[r], us.off[r + 1]));

describe("unit sums", () => {
  it("tabulates S_r exactly: sizes 1 or 3 with ½ each", () => {
    const us = buildUnitSums(sizes({ kind: "empirical", values: [1, 3], weights: [1, 1] }), 3);
    expect(us.maxOrders).toBe(3);
    expect(pmfOf(us, 0)).toEqual([1]);
    expect(us.lo[1]).toBe(1);
    expect(pmfOf(us, 1)).toEqual([0.5, 0, 0.5]);
    // Two orders: 2 (¼), 4 (½), 6 (¼).
    expect(us.lo[2]).toBe(2);
    expect(pmfOf(us, 2)).toEqual([0.25, 0, 0.5, 0, 0.25]);
    // Three orders: 3, 5, 7, 9 with 1/8, 3/8, 3/8, 1/8.
    expect(pmfOf(us, 3)).toEqual([0.125, 0, 0.375, 0, 0.375, 0, 0.125]);
  });

  it("draws the total by inversion of S_r's CDF", () => {
    const us = buildUnitSums(sizes({ kind: "empirical", values: [1, 3], weights: [1, 1] }), 3);
    expect(sampleUnitSum(us, 3, 0)).toBe(3);
    expect(sampleUnitSum(us, 3, 0.124)).toBe(3);
    expect(sampleUnitSum(us, 3, 0.126)).toBe(5);
    expect(sampleUnitSum(us, 3, 0.499)).toBe(5);
    expect(sampleUnitSum(us, 3, 0.501)).toBe(7);
    expect(sampleUnitSum(us, 3, 0.876)).toBe(9);
    expect(sampleUnitSum(us, 3, 0.9999999)).toBe(9);
  });

  it("stops at a table size bound and reports how many orders it covers", () => {
    const us = buildUnitSums(sizes({ kind: "poisson", mean: 40 }), 10_000);
    expect(us.maxOrders).toBeGreaterThan(5);
    expect(us.maxOrders).toBeLessThan(10_000);
    expect(us.off[us.maxOrders + 1]).toBeLessThanOrEqual(4_096);
  });

  it("sizes drawn one by one given the total have the law of independent sizes and add up to it", () => {
    const d: Dist = { kind: "empirical", values: [1, 2, 5], weights: [0.6, 0.3, 0.1] };
    const tab = sizes(d);
    const us = buildUnitSums(tab, 8);
    const p = new Map([
      [1, 0.6],
      [2, 0.3],
      [5, 0.1],
    ]);
    const rng = alea("unit sums");
    const n = 4;
    const trials = 60_000;
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const pair = new Map<string, number>();
    for (let k = 0; k < trials; k++) {
      let left = sampleUnitSum(us, n, rng());
      const total = left;
      const drawn: number[] = [];
      for (let i = 0; i < n; i++) {
        const u = conditionalSize(us, n - i, left, rng());
        drawn.push(u);
        left -= u;
      }
      expect(left).toBe(0);
      expect(drawn.reduce((a, b) => a + b, 0)).toBe(total);
      first.set(drawn[0], (first.get(drawn[0]) ?? 0) + 1);
      last.set(drawn[n - 1], (last.get(drawn[n - 1]) ?? 0) + 1);
      const key = `${drawn[1]},${drawn[2]}`;
      pair.set(key, (pair.get(key) ?? 0) + 1);
    }
    const close = (count: number, prob: number) => expect(Math.abs(count / trials - prob)).toBeLessThanOrEqual(5 * Math.sqrt((prob * (1 - prob)) / trials));
    for (const [v, prob] of p) {
      close(first.get(v) ?? 0, prob);
      close(last.get(v) ?? 0, prob);
    }
    // Independence of the middle two: P(a, b) = P(a) P(b).
    for (const [a, pa] of p) for (const [b, pb] of p) close(pair.get(`${a},${b}`) ?? 0, pa * pb);
    expect(first.size).toBe(3);
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { selectQuantiles } from "../../src/analysis/selectQuantiles.ts";

/** Reference: full sort, then type-7 interpolation (d3.quantile's definition). */
function bySort(xs: number[], qs: number[]): number[] {
  const v = [...xs].sort((a, b) => a - b);
  return qs.map((q) => {
    const h = (v.length - 1) * q;
    const k = Math.floor(h);
    const b = v[Math.min(k + 1, v.length - 1)];
    return v[k] + (h - k) * (b - v[k]);
  });
}

describe("selectQuantiles", () => {
  it("selectQuantiles(v, n, qs) equals sorting then interpolating, for any data (ties, runs, negatives)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), { minLength: 1, maxLength: 400 }),
        (xs) => {
          const qs = [0, 0.1, 0.5, 0.9, 1];
          expect(selectQuantiles(Float64Array.from(xs), xs.length, qs)).toEqual(bySort(xs, qs));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("selectQuantiles on sorted, reversed and constant input", () => {
    const up = Array.from({ length: 257 }, (_, i) => i);
    expect(selectQuantiles(Float64Array.from(up), 257, [0.1, 0.5, 0.9])).toEqual([25.6, 128, 230.4]);
    expect(selectQuantiles(Float64Array.from(up.reverse()), 257, [0.1, 0.5, 0.9])).toEqual([25.6, 128, 230.4]);
    expect(selectQuantiles(new Float64Array(50).fill(3), 50, [0.1, 0.9])).toEqual([3, 3]);
    expect(selectQuantiles(new Float64Array(0), 0, [0.5])).toEqual([NaN]);
  });

  it("selectQuantiles equals sorting on a few hundred values with outliers, ties, tails and extreme ranges", () => {
    const r = (() => {
      let a = 7;
      return () => (a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296;
    })();
    const qs = [0, 0.05, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 1];
    const cases: number[][] = [
      [...Array(299).fill(0), 1e9],
      [-1e9, ...Array(150).fill(3), ...Array(150).fill(4)],
      Array.from({ length: 256 }, () => -Math.log(1 - r()) * 50),
      Array.from({ length: 256 }, () => Math.exp(r() * 40)),
      Array.from({ length: 200 }, (_, i) => (i % 2 ? 1e-300 : 1e300)),
      Array.from({ length: 200 }, (_, i) => (i % 2 ? -1e308 : 1e308)),
      Array.from({ length: 200 }, (_, i) => Math.floor(i / 40) * 0.1),
      Array.from({ length: 513 }, () => Math.round(r() * 10) - 5),
      [Infinity, ...Array.from({ length: 100 }, () => r()), -Infinity],
    ];
    for (const xs of cases) expect(selectQuantiles(Float64Array.from(xs), xs.length, qs)).toEqual(bySort(xs, qs));
  });
});

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
});

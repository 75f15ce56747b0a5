import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  EXACT_LIMIT,
  RELATIVE_ACCURACY,
  createSketch,
  deserializeSketch,
  packSketches,
  serializeSketch,
  unpackSketches,
  sketchAdd,
  sketchMerge,
  sketchMergeAll,
  sketchQuantiles,
  type QuantileSketch,
} from "../../src/analysis/quantileSketch.ts";

const QS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

function sketchOf(xs: number[]): QuantileSketch {
  const s = createSketch();
  for (const x of xs) sketchAdd(s, x);
  return s;
}

/** A fixed-seed uniform source (mulberry32) so the data are reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("quantileSketch", () => {
  it("sketchQuantiles is exact (linear interpolation) up to EXACT_LIMIT values", () => {
    const xs = [5, 1, 4, 2, 3];
    const s = sketchOf(xs);
    expect(sketchQuantiles(s, [0, 0.25, 0.5, 0.9, 1])).toEqual([1, 2, 3, 4.6, 5]);
    expect(s.min).toBe(1);
    expect(s.max).toBe(5);
  });

  it("sketchQuantiles is within the relative accuracy of the exact order statistic beyond EXACT_LIMIT", () => {
    const u = rng(7);
    // Mixed signs, zeros, wide dynamic range: profit-like and rate-like data.
    const xs = Array.from({ length: 20_000 }, (_, i) => {
      const z = Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
      return i % 10 === 0 ? 0 : i % 3 === 0 ? Math.exp(3 * z) : 5000 + 3000 * z;
    });
    const s = sketchOf(xs);
    expect(s.exact).toBeNull();
    const sorted = [...xs].sort((a, b) => a - b);
    const est = sketchQuantiles(s, QS);
    QS.forEach((q, k) => {
      const exact = sorted[Math.floor(q * (xs.length - 1))];
      expect(Math.abs(est[k] - exact)).toBeLessThanOrEqual(RELATIVE_ACCURACY * Math.abs(exact) + 1e-12);
    });
  });

  it("sketchMerge is commutative and associative: any split gives the same quantiles and serialized state", () => {
    // Invariant: the state is a function of the multiset of values, not of the order or grouping.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 0, maxLength: 1500, size: "max" }),
        fc.nat({ max: 1500 }),
        fc.nat({ max: 1500 }),
        (xs, c1, c2) => {
          const [i, j] = [Math.min(c1, c2, xs.length), Math.min(Math.max(c1, c2), xs.length)];
          const a = sketchOf(xs.slice(0, i));
          const b = sketchOf(xs.slice(i, j));
          const c = sketchOf(xs.slice(j));
          const left = sketchOf([]);
          sketchMerge(left, a);
          sketchMerge(left, b);
          sketchMerge(left, c);
          const right = sketchOf([]);
          sketchMerge(c, b);
          sketchMerge(c, a);
          sketchMerge(right, c);
          const whole = sketchOf([...xs].reverse());
          expect(sketchQuantiles(left, QS)).toEqual(sketchQuantiles(whole, QS));
          expect(sketchQuantiles(right, QS)).toEqual(sketchQuantiles(whole, QS));
          expect([left.n, left.min, left.max]).toEqual([whole.n, whole.min, whole.max]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("serializeSketch round-trips through JSON", () => {
    for (const n of [0, 10, EXACT_LIMIT + 10]) {
      const xs = Array.from({ length: n }, (_, i) => (i % 5) - 2 + i / 7);
      const s = sketchOf(xs);
      const back = deserializeSketch(JSON.parse(JSON.stringify(serializeSketch(s))));
      expect(sketchQuantiles(back, QS)).toEqual(sketchQuantiles(s, QS));
      expect(serializeSketch(back)).toEqual(serializeSketch(s));
    }
  });

  it("a typed (worker message) sketch is adopted and keeps growing and merging like the original", () => {
    const xs = Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) - 50 + i / 9);
    const ys = Array.from({ length: 300 }, (_, i) => ((i * 53) % 89) + i / 11);
    const a = sketchOf(xs.slice(0, 20));
    const b = deserializeSketch(structuredClone(serializeSketch(a, true)));
    for (const x of xs.slice(20)) {
      sketchAdd(a, x);
      sketchAdd(b, x);
    }
    expect(serializeSketch(b)).toEqual(serializeSketch(a));
    // 300 + 300 values pass EXACT_LIMIT: the merged sketch switches to buckets either way.
    sketchMerge(a, sketchOf(ys));
    sketchMerge(b, deserializeSketch(structuredClone(serializeSketch(sketchOf(ys), true))));
    expect(a.exact).toBeNull();
    expect(serializeSketch(b)).toEqual(serializeSketch(a));
    expect(sketchQuantiles(b, QS)).toEqual(sketchQuantiles(sketchOf([...xs, ...ys]), QS));
  });

  it("a serialized sketch whose value count disagrees with n is refused", () => {
    const j = serializeSketch(sketchOf([1, 2, 3]));
    expect(() => deserializeSketch({ ...j, n: 4 })).toThrow(/3 values but n = 4/);
  });

  it("packed sketches (worker messages) unpack to the same sketches, exact and bucketed, and keep growing alike", () => {
    const lists = [[], [3], [-1, 0, 2.5, NaN], Array.from({ length: 40 }, (_, i) => (i * 7) % 13), Array.from({ length: EXACT_LIMIT + 5 }, (_, i) => i - 100)];
    const originals = lists.map(sketchOf);
    const packed = packSketches(originals);
    expect(Array.from({ length: packed.count }, (_, i) => packed.head[i * 6 + 5])).toEqual([0, 0, 0, 0, 1]);
    const back = unpackSketches(structuredClone(packed));
    back.forEach((b, i) => expect(serializeSketch(b)).toEqual(serializeSketch(originals[i])));
    // Views into the packed values must not be written through: adding to one leaves its neighbours alone.
    for (const s of [originals[1], back[1]]) sketchAdd(s, 99);
    sketchMerge(back[2], back[3]);
    sketchMerge(originals[2], originals[3]);
    // A bucketed view takes more values in place and merged buckets.
    for (const s of [originals[4], back[4]]) {
      sketchAdd(s, 1e6);
      sketchAdd(s, -3.5);
      sketchMerge(s, sketchOf(Array.from({ length: EXACT_LIMIT + 3 }, (_, i) => i * 1.5 - 200)));
    }
    back.forEach((b, i) => expect(serializeSketch(b)).toEqual(serializeSketch(originals[i])));
  });

  it("sketchMergeAll merges like sketchMerge pair by pair, and the merged sketches keep growing on their own", () => {
    const r = rng(11);
    const sizes: [number, number][] = [
      [0, 0],
      [0, 5],
      [5, 0],
      [30, 40],
      [EXACT_LIMIT - 10, 10],
      [EXACT_LIMIT - 10, 11],
      [EXACT_LIMIT + 4, 7],
      [3, EXACT_LIMIT + 4],
    ];
    const make = (n: number) => sketchOf(Array.from({ length: n }, () => Math.round(r() * 1000) / 10 - 20));
    const pairs = sizes.map(([a, b]) => [make(a), make(b)] as const);
    // From packed parts, as the job total merges workers' parts (their exact values are views).
    const as = unpackSketches(structuredClone(packSketches(pairs.map(([a]) => a))));
    const bs = unpackSketches(structuredClone(packSketches(pairs.map(([, b]) => b))));
    const expected = pairs.map(([a, b]) => {
      const c = deserializeSketch(serializeSketch(a));
      sketchMerge(c, b);
      return c;
    });
    sketchMergeAll(as, bs);
    as.forEach((s, i) => expect(serializeSketch(s), `pair ${i}`).toEqual(serializeSketch(expected[i])));
    // Sketches sharing one block: adding to one leaves its neighbours unchanged.
    for (const [i, x] of [
      [3, 1e4],
      [4, -7],
      [1, 0.5],
    ] as const) {
      sketchAdd(as[i], x);
      sketchAdd(expected[i], x);
    }
    as.forEach((s, i) => expect(serializeSketch(s), `pair ${i} after adds`).toEqual(serializeSketch(expected[i])));
  });
});

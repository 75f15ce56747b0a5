import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  createExactSums,
  deserializeExactSums,
  exactAdd,
  exactAddArray,
  exactAddSquare,
  exactCentralSecondMoment,
  exactMerge,
  exactMergeSerialized,
  exactValue,
  partialsAdd,
  partialsValue,
  serializeExactSums,
} from "../../src/analysis/exactSum.ts";

/**
 * Values m·2^e with |m| < 2^53 and e in [-60, 20] are exact multiples of 2^-60, so BigInt sums of
 * v·2^60 are exact; Number(bigint) rounds to nearest-even and dividing by 2^60 is exact. That gives
 * an independent, correctly rounded reference for the sum.
 */
const SCALE = 2n ** 60n;
const value = fc.record({ m: fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), e: fc.integer({ min: -60, max: 20 }) }).map(({ m, e }) => m * 2 ** e);
function reference(xs: number[]): number {
  let s = 0n;
  for (const x of xs) {
    // x·2^60 is an integer by construction; split to avoid precision loss in the multiplication.
    const scaled = x * 2 ** 60;
    s += BigInt(scaled);
  }
  return Number(s) / Number(SCALE);
}

function sumOf(xs: number[]): number {
  const p: number[] = [];
  for (const x of xs) partialsAdd(p, x);
  return partialsValue(p);
}

describe("exactSum", () => {
  it("partialsValue(partialsAdd…) recovers sums that naive addition loses", () => {
    expect(sumOf([1e16, 1, -1e16])).toBe(1);
    expect(sumOf(Array(10).fill(0.1))).toBe(1);
    expect(sumOf([1, 1e100, 1, -1e100])).toBe(2);
    expect(sumOf([])).toBe(0);
    // Round-half-even on the exact sum: 2^53 + 1 is a tie between 2^53 and 2^53 + 2.
    expect(sumOf([2 ** 53, 1])).toBe(2 ** 53);
    expect(sumOf([2 ** 53, 1, 2 ** -60])).toBe(2 ** 53 + 2);
  });

  it("partialsAdd gives the correctly rounded sum (BigInt reference)", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (xs) => {
        expect(sumOf(xs)).toBe(reference(xs));
      }),
      { numRuns: 300 },
    );
  });

  it("exactAdd/exactMerge: any order and grouping of the same values gives the same value", () => {
    // Invariant: the value depends only on the multiset of added values.
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 60 }),
        (xs, perm, cuts) => {
          const shuffled = xs
            .map((x, i) => [perm[i % perm.length] * 1000 + i, x] as const)
            .sort((a, b) => a[0] - b[0])
            .map((p) => p[1]);
          const groups: number[][] = [];
          let i = 0;
          for (const c of cuts) {
            groups.push(shuffled.slice(i, i + c));
            i += c;
          }
          groups.push(shuffled.slice(i));
          const parts = groups.map((g) => {
            const s = createExactSums(1);
            for (const x of g) exactAdd(s, 0, x);
            return s;
          });
          const total = createExactSums(1);
          for (const p of parts.reverse()) exactMerge(total, p);
          expect(exactValue(total, 0)).toBe(reference(xs));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("serializeExactSums survives JSON and keeps non-finite values", () => {
    const s = createExactSums(3);
    for (const x of [0.1, 0.2, 0.3, 1e-30]) exactAdd(s, 0, x);
    exactAdd(s, 1, 5);
    exactAdd(s, 2, Infinity);
    exactAdd(s, 2, 1);
    const back = deserializeExactSums(JSON.parse(JSON.stringify(serializeExactSums(s))));
    expect([0, 1, 2].map((i) => exactValue(back, i))).toEqual([sumOf([0.1, 0.2, 0.3, 1e-30]), 5, Infinity]);
  });

  it("the typed form (packed partials, for worker messages) gives back the same cells and keeps adding exactly", () => {
    const s = createExactSums(4);
    for (const x of [0.1, 0.2, 0.3, 1e-30]) exactAdd(s, 0, x);
    exactAdd(s, 1, 5);
    for (const x of [1e16, 1, -1e16, 0.7]) exactAdd(s, 3, x);
    exactAdd(s, 2, -Infinity);
    const j = serializeExactSums(s, true);
    expect(j.first).toBeInstanceOf(Float64Array);
    expect(j.more).toBeInstanceOf(Float64Array);
    const back = deserializeExactSums(structuredClone(j));
    expect([0, 1, 2, 3].map((i) => exactValue(back, i))).toEqual([0, 1, 2, 3].map((i) => exactValue(s, i)));
    for (const t of [s, back]) exactAdd(t, 3, 1e-20);
    expect(exactValue(back, 3)).toBe(exactValue(s, 3));
    expect(serializeExactSums(back)).toEqual(serializeExactSums(s));
  });

  it("packed partials that run past their array are refused", () => {
    const s = createExactSums(2);
    for (const x of [0.1, 0.2]) exactAdd(s, 1, x);
    const j = serializeExactSums(s, true);
    const more = j.more as Float64Array;
    more[1] = more.length; // claims more partials than there are
    expect(() => deserializeExactSums(j)).toThrow(/bad packed partials/);
  });

  it("exactAddArray adds element by element as exactAdd does, also when a cell starts to round midway", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), value), { minLength: 6, maxLength: 6 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 2 }),
        (rows, offset) => {
          const got = createExactSums(8);
          const want = createExactSums(8);
          for (const row of rows) {
            exactAddArray(got, offset, Float64Array.from(row));
            row.forEach((x, k) => exactAdd(want, offset + k, x));
          }
          for (let i = 0; i < 8; i++) expect(exactValue(got, i)).toBe(exactValue(want, i));
        },
      ),
      { numRuns: 300 },
    );
    // Whole numbers, then a value that rounds in the third cell: the cells after it are still added.
    const s = createExactSums(5);
    exactAddArray(s, 0, [1, 2, 3, 4, 5]);
    exactAddArray(s, 0, [1, 1, 0.1, 1, 1]);
    exactAddArray(s, 0, [1, 1, 0.2, 1, 1]);
    expect([0, 1, 2, 3, 4].map((i) => exactValue(s, i))).toEqual([3, 4, sumOf([3, 0.1, 0.2]), 6, 7]);
  });

  it("exactMergeSerialized adds a serialised part (typed or JSON) exactly as exactMerge of the part would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), value), { maxLength: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), value), { maxLength: 30 }),
        (xs, ys) => {
          const fill = (pairs: [number, number][]) => {
            const t = createExactSums(4);
            for (const [i, x] of pairs) exactAdd(t, i, x);
            return t;
          };
          const b = fill(ys);
          exactAdd(b, 2, Infinity);
          const want = fill(xs);
          exactMerge(want, b);
          for (const j of [serializeExactSums(b, true), JSON.parse(JSON.stringify(serializeExactSums(b)))]) {
            const got = fill(xs);
            exactMergeSerialized(got, j);
            expect([0, 1, 2, 3].map((i) => exactValue(got, i))).toEqual([0, 1, 2, 3].map((i) => exactValue(want, i)));
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(() => exactMergeSerialized(createExactSums(3), serializeExactSums(createExactSums(4), true))).toThrow(/cannot merge exact sums of 4 cells into 3/);
  });

  it("exactCentralSecondMoment(…) is exact where naive Σx² − (Σx)²/n cancels", () => {
    // Values 1e9 + {0, 1, 2}: mean 1e9 + 1, Σ(x − mean)² = 2 exactly.
    const s = createExactSums(1);
    const q = createExactSums(1);
    for (const x of [1e9, 1e9 + 1, 1e9 + 2]) {
      exactAdd(s, 0, x);
      exactAddSquare(q, 0, x);
    }
    expect(exactCentralSecondMoment(s, q, 0, 3)).toBe(2);
    // 1e8 + 0.1 steps are not exact in binary; compare with a two-pass computation in plain doubles.
    const xs = Array.from({ length: 1000 }, (_, i) => 1e8 + 0.1 * (i % 7));
    const s2 = createExactSums(1);
    const q2 = createExactSums(1);
    for (const x of xs) {
      exactAdd(s2, 0, x);
      exactAddSquare(q2, 0, x);
    }
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const twoPass = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
    expect(Math.abs(exactCentralSecondMoment(s2, q2, 0, xs.length) - twoPass) / twoPass).toBeLessThan(1e-6);
  });
});

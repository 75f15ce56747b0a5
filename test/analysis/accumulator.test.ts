import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addRun,
  clearAccumulator,
  createAccumulator,
  deserializeAccumulator,
  mergeAccumulators,
  mergeSerializedAccumulator,
  serializeAccumulator,
  summarise,
  type Accumulator,
} from "../../src/analysis/accumulator.ts";
import { createRunOutput, DAILY_SERIES, RAW, RAW_COUNT, type RunOutput } from "../../src/engine/metrics.ts";
import type { AccumulatorMeta } from "../../src/analysis/serializedAccumulator.ts";
import { createPairedAccumulator, emptyPairedAccumulator } from "../../src/analysis/pairedAccumulator.ts";

const META: AccumulatorMeta = {
  scenario: "synthetic",
  fingerprint: "f00d",
  seed: "s",
  startDate: "2027-01-04",
  horizonDays: 12,
  warmupDays: 0,
  productIds: ["a", "b"],
};

/** A synthetic run output: integer counts and non-integer money from a hash of the run index. */
function fakeRun(r: number, out: RunOutput): void {
  let h = (r * 2654435761) >>> 0;
  const next = () => (h = (Math.imul(h ^ (h >>> 15), 2246822519) + 374761393) >>> 0) % 1000;
  out.raw.fill(0);
  for (let p = 0; p < 2; p++) {
    const o = p * RAW_COUNT;
    const demanded = 50 + next();
    out.raw[o + RAW.ordersAttempted] = demanded;
    out.raw[o + RAW.ordersPlaced] = demanded - (next() % 10);
    out.raw[o + RAW.ordersBackordered] = next() % 20;
    out.raw[o + RAW.unitsDemanded] = demanded;
    out.raw[o + RAW.unitsFromStock] = demanded - (next() % 30);
    out.raw[o + RAW.revenue] = 39.99 * (demanded - 3);
    out.raw[o + RAW.purchaseCost] = 14.1 * demanded;
    out.raw[o + RAW.holdingCost] = 0.01 * next();
    out.raw[o + RAW.onHandDaySum] = next() * 12;
    out.raw[o + RAW.days] = 12;
  }
  for (let i = 0; i < out.daily.length; i++) out.daily[i] = i % 7 === 6 ? 0.1 * next() : next() % 17;
  for (let i = 0; i < out.productDaily.length; i++) out.productDaily[i] = next() % 9;
  out.waitHist.fill(0);
  out.waitHist[next() % 30] = 1 + (next() % 3);
}

function accOf(runs: number[]): Accumulator {
  const acc = createAccumulator(structuredClone(META));
  const out = createRunOutput(2, META.horizonDays);
  for (const r of runs) {
    fakeRun(r, out);
    addRun(acc, r, out);
  }
  return acc;
}

const INFO = { workers: 0, elapsedMs: 1000 };

describe("accumulator", () => {
  it("summarise(merge of any split) equals summarise(one pass), exactly", () => {
    // Invariant: the summary depends only on the set of runs folded in.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.array(fc.nat({ max: 700 }), { maxLength: 6 }), (n, cuts) => {
        const whole = summarise(accOf(Array.from({ length: n }, (_, i) => i)), INFO);
        const bounds = [0, ...cuts.map((c) => c % (n + 1)).sort((a, b) => a - b), n];
        const parts: Accumulator[] = [];
        for (let k = 0; k + 1 < bounds.length; k++) parts.push(accOf(Array.from({ length: bounds[k + 1] - bounds[k] }, (_, i) => bounds[k] + i)));
        // Merge back to front, through JSON, into an empty accumulator.
        const merged = createAccumulator(structuredClone(META));
        for (const p of parts.reverse()) mergeAccumulators(merged, deserializeAccumulator(JSON.parse(JSON.stringify(serializeAccumulator(p)))));
        expect(summarise(merged, INFO)).toEqual(whole);
      }),
      { numRuns: 25 },
    );
  });

  it("summarise(…) means equal the plain means of the runs", () => {
    const acc = accOf([0, 1, 2, 3, 4]);
    const out = createRunOutput(2, META.horizonDays);
    let revenue = 0;
    let day3 = 0;
    const day3s: number[] = [];
    for (let r = 0; r < 5; r++) {
      fakeRun(r, out);
      revenue += out.raw[RAW.revenue] + out.raw[RAW_COUNT + RAW.revenue];
      day3 += out.daily[3];
      day3s.push(out.daily[3]);
    }
    // Five runs are all in the sample: bands are type-7 quantiles of the five values.
    const sorted = [...day3s].sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.floor(4 * p)] + (4 * p - Math.floor(4 * p)) * (sorted[Math.min(4, Math.floor(4 * p) + 1)] - sorted[Math.floor(4 * p)]);
    const res = summarise(acc, INFO);
    expect(res.total.revenue.mean).toBeCloseTo(revenue / 5, 9);
    expect(res.daily.series[DAILY_SERIES[0]].mean[3]).toBeCloseTo(day3 / 5, 12);
    const band = res.daily.series[DAILY_SERIES[0]];
    expect([band.p10[3], band.p50[3], band.p90[3]]).toEqual([q(0.1), q(0.5), q(0.9)]);
    expect(res.runs).toBe(5);
    expect(res.runRanges).toEqual([[0, 5]]);
    expect(res.samples.runIndex).toEqual([0, 1, 2, 3, 4]);
    expect(res.skuDaysPerSecond).toBe(5 * 2 * 12);
  });

  it("mergeAccumulators refuses overlapping runs and different scenarios", () => {
    expect(() => mergeAccumulators(accOf([0, 1, 2]), accOf([2, 3]))).toThrow(/runs 2–2 are included twice/);
    const other = createAccumulator({ ...META, fingerprint: "beef" });
    expect(() => mergeAccumulators(accOf([0]), other)).toThrow(/different scenarios/);
    expect(() => deserializeAccumulator({ hello: 1 })).toThrow(/not a simulation shard/);
  });

  it("mergeSerializedAccumulator adds a serialised part (typed or JSON) as mergeAccumulators adds the part, and refuses the same", () => {
    // Past the exact sketch limit (512 runs) and the run sample (256) on both sides.
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    for (const [mine, theirs] of [
      [range(0, 40), range(40, 700)],
      [range(0, 600), range(600, 630)],
      [[] as number[], range(5, 300)],
    ]) {
      const want = mergeAccumulators(accOf(mine), accOf(theirs));
      for (const j of [serializeAccumulator(accOf(theirs), { typed: true }), JSON.parse(JSON.stringify(serializeAccumulator(accOf(theirs))))]) {
        const got = mergeSerializedAccumulator(accOf(mine), j);
        expect(summarise(got, INFO)).toEqual(summarise(want, INFO));
      }
    }
    expect(() => mergeSerializedAccumulator(accOf([0, 1, 2]), serializeAccumulator(accOf([2, 3]), { typed: true }))).toThrow(/runs 2–2 are included twice/);
    const other = serializeAccumulator(createAccumulator({ ...META, fingerprint: "beef" }), { typed: true });
    expect(() => mergeSerializedAccumulator(accOf([0]), other)).toThrow(/different scenarios/);
    expect(() => mergeSerializedAccumulator(accOf([0]), { hello: 1 })).toThrow(/not a simulation shard/);
  });

  it("emptyPairedAccumulator reuses, emptied, an accumulator made for the same metas, and makes a new one otherwise", () => {
    const prev = createPairedAccumulator([structuredClone(META)]);
    prev.variants[0] = accOf([0, 1, 2]);
    const again = emptyPairedAccumulator([structuredClone(META)], prev);
    expect(again).toBe(prev);
    expect(again.variants[0].n).toBe(0);
    expect(summarise(again.variants[0], INFO)).toEqual(summarise(createAccumulator(structuredClone(META)), INFO));
    const other = emptyPairedAccumulator([{ ...META, fingerprint: "beef" }], prev);
    expect(other).not.toBe(prev);
    expect(emptyPairedAccumulator([structuredClone(META)], null).variants[0].n).toBe(0);
  });

  it("memory is bounded: the serialized size stops growing with runs", () => {
    const size = (n: number) => JSON.stringify(serializeAccumulator(accOf(Array.from({ length: n }, (_, i) => i)))).length;
    const s2k = size(2000);
    const s8k = size(8000);
    expect(s8k).toBeLessThan(s2k * 1.1);
  });

  it("a cleared accumulator folds the next runs exactly as a new one would", () => {
    // Past the exact sketch limit (512) and the run sample (256) and back, in both orders.
    const out = createRunOutput(2, META.horizonDays);
    const reused = createAccumulator(structuredClone(META));
    for (const runs of [700, 37, 600, 3]) {
      clearAccumulator(reused);
      const first = 1000 * runs;
      for (let r = first; r < first + runs; r++) {
        fakeRun(r, out);
        addRun(reused, r, out);
      }
      const fresh = accOf(Array.from({ length: runs }, (_, i) => first + i));
      expect(serializeAccumulator(reused)).toEqual(serializeAccumulator(fresh));
      expect(summarise(reused, INFO)).toEqual(summarise(fresh, INFO));
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  createRunSample,
  deserializeRunSample,
  runKey,
  sampleMerge,
  sampleOffer,
  sampleRuns,
  serializeRunSample,
  type RunSample,
} from "../../src/analysis/runSample.ts";

const M = 3;
const D = 5;
const metricsOf = (run: number) => Float64Array.from({ length: M }, (_, i) => run * 10 + i);
const dailyOf = (run: number) => Float64Array.from({ length: D }, (_, i) => run * 100 + i * 0.5);

function sampleOf(runs: number[], k = 8): RunSample {
  const s = createRunSample("seed", M, D, k);
  for (const r of runs) sampleOffer(s, r, metricsOf(r), dailyOf(r));
  return s;
}

const view = (s: RunSample) => sampleRuns(s).map((r) => ({ run: r.run, metrics: Array.from(r.metrics), daily: Array.from(r.daily) }));
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe("run sample", () => {
  it("keeps the k runs with the smallest keys, whatever the split and merge order", () => {
    const all = sampleOf(range(0, 100));
    const want = range(0, 100)
      .sort((a, b) => runKey(all.seedH, a) - runKey(all.seedH, b) || a - b)
      .slice(0, 8)
      .sort((a, b) => a - b);
    expect(sampleRuns(all).map((r) => r.run)).toEqual(want);
    const a = sampleOf(range(60, 100));
    sampleMerge(a, sampleOf(range(0, 30)));
    sampleMerge(a, sampleOf(range(30, 60)));
    expect(view(a)).toEqual(view(all));
  });

  it("the packed form (worker messages) gives back the same sample, and rows reused in place stay apart", () => {
    const orig = sampleOf(range(0, 40));
    const packed = serializeRunSample(orig, true);
    expect(Array.isArray(packed.runs)).toBe(false);
    const back = deserializeRunSample(structuredClone(packed));
    expect(view(back)).toEqual(view(orig));
    // Later runs evict entries; the evicted rows are overwritten in place in both.
    for (const r of range(40, 200)) {
      sampleOffer(orig, r, metricsOf(r), dailyOf(r));
      sampleOffer(back, r, metricsOf(r), dailyOf(r));
    }
    expect(view(back)).toEqual(view(orig));
    expect(view(deserializeRunSample(JSON.parse(JSON.stringify(serializeRunSample(back)))))).toEqual(view(orig));
  });

  it("a packed sample whose rows do not match its layout is refused", () => {
    const packed = serializeRunSample(sampleOf(range(0, 10)), true);
    expect(() => deserializeRunSample({ ...packed, dailyLength: D + 1 })).toThrow(/rows do not match/);
  });
});

import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/engine/scenario.ts";
import { estimateWork, WORK_MODEL } from "../../src/io/estimate.ts";
import { validScenario } from "./fixtures.ts";

function withProducts(n: number, horizonDays: number, runs: number, warmupDays = 0): Scenario {
  const s = validScenario();
  s.products = Array.from({ length: n }, (_, i) => ({ ...s.products[0], id: `p${i}` }));
  return { ...s, horizonDays, runs, warmupDays };
}

describe("estimateWork", () => {
  it("estimateWork(s) counts product-days over warm-up and horizon, at the modelled speed", () => {
    const s = withProducts(2, 90, 100, 14);
    const e = estimateWork(s);
    expect(e.productDays).toBe(2 * (90 + 14) * 100);
    expect(e.seconds).toBeCloseTo(e.productDays / WORK_MODEL.productDaysPerSecondPerWorker, 12);
    expect(e.tooBig).toBe(false);
    expect(e.message).toBeUndefined();
  });

  it("estimateWork(s, {runs, horizonDays, workers}) uses the overrides", () => {
    const s = withProducts(3, 90, 100, 10);
    const e = estimateWork(s, { runs: 1000, horizonDays: 200, workers: 4 });
    expect(e.productDays).toBe(3 * 210 * 1000);
    expect(e.seconds).toBeCloseTo((3 * 210 * 1000) / (4 * WORK_MODEL.productDaysPerSecondPerWorker), 12);
  });

  it("estimateWork flags a run over 15 minutes and says how big it is and what to do", () => {
    const s = withProducts(5000, 3650, 1_000_000);
    const e = estimateWork(s, { workers: 2 });
    expect(e.productDays).toBe(3650 * 5000 * 1_000_000);
    // 1.825e13 product-days / (2 × 3e6 per second) = 3.04e6 s ≈ 35 days.
    expect(e.seconds).toBeCloseTo(1.825e13 / 6e6, 3);
    expect(e.tooBig).toBe(true);
    expect(e.message).toMatch(/^10 years × 5,000 products × 1,000,000 runs ≈ 1\.8e13 product-days, about 35 days of computing on 2 workers; /);
    expect(e.message).toMatch(/reduce runs \(precision mode stops early\) or products$/);
  });

  it("estimateWork flags a run just over the time limit but not one just under", () => {
    const rate = WORK_MODEL.productDaysPerSecondPerWorker;
    const days = 100;
    const runsAtLimit = (WORK_MODEL.maxSeconds * rate) / days; // one product
    expect(estimateWork(withProducts(1, days, Math.floor(runsAtLimit * 0.99))).tooBig).toBe(false);
    const over = estimateWork(withProducts(1, days, Math.ceil(runsAtLimit * 1.01)));
    expect(over.tooBig).toBe(true);
    expect(over.message).toMatch(/^100 days × 1 product × [\d,]+ runs ≈ 2\.7e9 product-days, about 15 minutes of computing on 1 worker; reduce runs/);
  });

  it("estimateWork memory does not grow with the number of runs (bounded accumulators)", () => {
    const a = estimateWork(withProducts(50, 365, 10_000)).bytes;
    const b = estimateWork(withProducts(50, 365, 5_000_000)).bytes;
    expect(b).toBe(a);
  });

  it("estimateWork memory grows with products, horizon and workers", () => {
    const base = estimateWork(withProducts(50, 365, 1000)).bytes;
    expect(estimateWork(withProducts(100, 365, 1000)).bytes).toBeGreaterThan(base);
    expect(estimateWork(withProducts(50, 730, 1000)).bytes).toBeGreaterThan(base);
    expect(estimateWork(withProducts(50, 365, 1000), { workers: 2 }).bytes).toBeGreaterThan(base);
  });

  it("estimateWork flags a catalogue whose results would not fit in memory, even with few runs", () => {
    const e = estimateWork(withProducts(5000, 7300, 20));
    expect(e.seconds).toBeLessThan(WORK_MODEL.maxSeconds);
    expect(e.bytes).toBeGreaterThan(WORK_MODEL.maxBytes);
    expect(e.tooBig).toBe(true);
    expect(e.message).toMatch(/results need about [\d.]+ GB of memory \(limit about 1 GB\); reduce products or the horizon$/);
  });

  it("the default-sized scenarios are far from the limits", () => {
    const e = estimateWork(withProducts(12, 365, 500, 28), { workers: 2 });
    expect(e.seconds).toBeLessThan(3);
    expect(e.bytes).toBeLessThan(100e6);
  });
});

import { describe, expect, it } from "vitest";
import { backtest } from "../../src/analysis/backtest.ts";
import { expectedOrdersCurve } from "../../src/engine/demandCurve.ts";
import { poisson } from "../../src/engine/dists.ts";
import { stream } from "../../src/engine/random.ts";
import type { Demand } from "../../src/engine/scenario.ts";
import { isoDate, isoDay, type HistorySeries } from "../../src/io/history.ts";

const DEMAND: Demand = {
  ordersPerDay: 20,
  orderCount: { kind: "poisson" },
  unitsPerOrder: { kind: "fixed", value: 1 },
  weekly: [0.8, 0.9, 1, 1, 1.1, 1.3, 0.9],
};

function synth(n: number, seed: string): HistorySeries {
  const first = "2021-01-04";
  const mu = expectedOrdersCurve(DEMAND, isoDate(isoDay(first) + n), n, n);
  const rng = stream(seed, 0, "synthetic-history");
  return { start: first, units: Float64Array.from(mu, (m) => poisson(rng, m)) };
}

describe("backtest", () => {
  const series = synth(728 + 182, "bt");
  const bt = backtest(series, { holdoutWeeks: 26, simulations: 500, seed: "s" })!;

  it("holds out the last weeks and scores every day with data", () => {
    expect(bt.holdoutDays).toBe(182);
    expect(bt.trainDays).toBe(728);
    expect(bt.daysScored).toBe(182);
    expect(bt.start).toBe(isoDate(isoDay("2021-01-04") + 728));
    expect(bt.actual).toEqual(Array.from(series.units.subarray(728)));
  });

  it("bands are ordered p10 ≤ p50 ≤ p90 and the mean follows the fitted weekly profile", () => {
    for (let d = 0; d < bt.holdoutDays; d++) {
      expect(bt.p10[d]).toBeLessThanOrEqual(bt.p50[d]);
      expect(bt.p50[d]).toBeLessThanOrEqual(bt.p90[d]);
    }
    const sat = bt.mean.filter((_, d) => (isoDay(bt.start) + d + 3) % 7 === 5);
    const mon = bt.mean.filter((_, d) => (isoDay(bt.start) + d + 3) % 7 === 0);
    expect(sat[0] / mon[0]).toBeCloseTo(1.3 / 0.8, 0);
  });

  it("a correct model is calibrated: coverage within 4 binomial SE of what the model itself puts in the band", () => {
    const se = Math.sqrt((bt.expectedCoverage * (1 - bt.expectedCoverage)) / bt.daysScored);
    expect(Math.abs(bt.coverage - bt.expectedCoverage)).toBeLessThan(4 * se);
    // Closed integer bands hold more than the nominal 80 %.
    expect(bt.expectedCoverage).toBeGreaterThan(0.8);
  });

  it("bias of a correct model within 4 SE (Poisson: SE of the held-out total = √Σμ, plus the level's fitting error)", () => {
    const total = bt.total.mean;
    const seHoldout = Math.sqrt(total) / total;
    const seLevel = Math.sqrt(1 / (20 * 728));
    expect(Math.abs(bt.bias)).toBeLessThan(4 * Math.hypot(seHoldout, seLevel));
    // WAPE of the mean forecast on Poisson(μ ≈ 20) days: E|Y − μ|/μ ≈ √(2/(πμ)) ≈ 0.18.
    expect(bt.wape).toBeGreaterThan(0.12);
    expect(bt.wape).toBeLessThan(0.24);
    expect(bt.mase).toBeLessThan(1);
    expect(bt.total.p10).toBeLessThan(bt.total.mean);
    expect(bt.total.p90).toBeGreaterThan(bt.total.mean);
  });

  it("is deterministic for a seed and changes with it", () => {
    const again = backtest(series, { holdoutWeeks: 26, simulations: 500, seed: "s" })!;
    expect(again.p90).toEqual(bt.p90);
    const other = backtest(series, { holdoutWeeks: 26, simulations: 500, seed: "t" })!;
    expect(other.p90).not.toEqual(bt.p90);
  });

  it("skips closed days in the held-out part", () => {
    const s: HistorySeries = { start: series.start, units: series.units.slice() };
    s.units[800] = NaN;
    const b = backtest(s, { holdoutWeeks: 26, simulations: 100 })!;
    expect(b.daysScored).toBe(181);
    expect(Number.isNaN(b.actual[800 - 728])).toBe(true);
  });

  it("returns null when the training part would be under 8 weeks", () => {
    expect(backtest(synth(100, "short"), { holdoutWeeks: 8 })).toBeNull();
  });
});

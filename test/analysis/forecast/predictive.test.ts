import { describe, expect, it } from "vitest";
import { pinballLoss, scoreDay, seasonalNaiveScale } from "../../../src/analysis/forecast/predictive.ts";
import { addSums, poolScores, rollingBacktest, scoresOf } from "../../../src/analysis/forecast/rollingOrigin.ts";
import { fitDemand } from "../../../src/analysis/fitDemand.ts";
import { poisson } from "../../../src/engine/dists.ts";
import { stream } from "../../../src/engine/random.ts";

describe("scoreDay", () => {
  it("Poisson(2): quantiles, pinball and PIT coverage by hand", () => {
    // F(0) = e⁻² = 0.1353, F(1) = 0.4060, F(2) = 0.6767, F(3) = 0.8571, F(4) = 0.9473, F(5) = 0.9834.
    const s = scoreDay(3, 2, Infinity);
    expect([s.q10, s.q50, s.q90]).toEqual([0, 2, 4]);
    // Quantiles 0.1 … 0.9: 0, 1, 1, 1, 2, 2, 3, 3, 4. Pinball of y = 3: τ(3 − q) where q ≤ 3, (1 − τ)(q − 3) where q > 3.
    const q = [0, 1, 1, 1, 2, 2, 3, 3, 4];
    const taus = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const pin = taus.reduce((a, t, i) => a + (3 >= q[i] ? t * (3 - q[i]) : (1 - t) * (q[i] - 3)), 0) / 9;
    expect(s.pinball).toBeCloseTo(pin, 12);
    // PIT interval [F(2), F(3)] = [0.6767, 0.8571] lies inside [0.1, 0.9]: share 1.
    expect(s.in80).toBeCloseTo(1, 12);
    // y = 4: [0.8571, 0.9473] ∩ [0.1, 0.9] = 0.0429 of 0.0902.
    const f3 = Math.exp(-2) * (1 + 2 + 2 + 4 / 3);
    const f4 = f3 + (Math.exp(-2) * 16) / 24;
    expect(scoreDay(4, 2, Infinity).in80).toBeCloseTo((0.9 - f3) / (f4 - f3), 10);
    expect(scoreDay(4, 2, Infinity).closed80).toBe(1);
    expect(scoreDay(5, 2, Infinity).closed80).toBe(0);
    expect(scoreDay(3, 2, Infinity).absError).toBe(1);
  });

  it("negative binomial with k = 1 (geometric, p = μ/(1 + μ)): quantile from the closed-form CDF", () => {
    // F(j) = 1 − (μ/(1+μ))^(j+1); μ = 4: F(j) = 1 − 0.8^(j+1) ≥ 0.9 ⇔ j + 1 ≥ ln 0.1 / ln 0.8 = 10.3 ⇒ j = 10.
    expect(scoreDay(0, 4, 1).q90).toBe(10);
    // p50: 1 − 0.8^(j+1) ≥ 0.5 ⇔ j + 1 ≥ 3.1 ⇒ j = 3.
    expect(scoreDay(0, 4, 1).q50).toBe(3);
  });

  it("units per order scale the quantiles; a zero mean puts everything at 0", () => {
    expect(scoreDay(6, 6, Infinity, 3).q50).toBe(scoreDay(2, 2, Infinity).q50 * 3);
    // A sure 0: the PIT interval of y = 0 is all of [0, 1], of which 0.8 lies in [0.1, 0.9].
    const z = scoreDay(0, 0, Infinity);
    expect([z.q10, z.q90, z.in80, z.pinball]).toEqual([0, 0, 0.8, 0]);
  });

  it("pinballLoss is scoreDay's pinball, from slow sellers to large counts and far outliers", () => {
    for (const [y, mu, k] of [
      [0, 0.3, Infinity],
      [7, 0.3, 0.5],
      [480, 500, Infinity],
      [2000, 500, 20],
      [3, 12.5, 2],
      [0, 900, 5],
    ])
      expect(pinballLoss(y, mu, k)).toBe(scoreDay(y, mu, k).pinball);
    // Large means start the walk 10 sd under the mean: the median of Poisson(10 000) is 10 000.
    expect(scoreDay(10_000, 10_000, Infinity).q50).toBe(10_000);
  });

  it("seasonal-naive scale is the mean |y_t − y_{t−7}| over days with both", () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 3, 2, NaN, 4, 5, 6, 9];
    // Pairs: (3,1)=2, (2,2)=0, (NaN), (4,4)=0, (5,5)=0, (6,6)=0, (9,7)=2 → 4 / 6.
    expect(seasonalNaiveScale(y)).toBeCloseTo(4 / 6, 12);
  });
});

describe("rollingBacktest of a correct model", () => {
  it("covers p10–p90 80 % of days within 4 binomial SE (PIT coverage), p05–p95 90 %", () => {
    const rng = stream("calibrated", 0, "synthetic-history");
    const series = { start: "2022-01-03", units: Float64Array.from({ length: 400 }, () => poisson(rng, 6)) };
    const bt = rollingBacktest(series, (t) => fitDemand(t, { weekly: false }), { origins: 4 })!;
    expect(bt.scores.origins).toBe(4);
    expect(bt.scores.days).toBe(112);
    // PIT shares are in [0, 1] per day; their SE is at most that of a Bernoulli(0.8) over 112 days.
    const se80 = Math.sqrt((0.8 * 0.2) / 112);
    expect(Math.abs(bt.scores.cover80 - 0.8)).toBeLessThan(4 * se80);
    expect(Math.abs(bt.scores.cover90 - 0.9)).toBeLessThan(4 * Math.sqrt((0.9 * 0.1) / 112));
    expect(bt.forecasts).toHaveLength(4);
    expect(bt.forecasts[3].start).toBe("2023-01-10");
  });
});

describe("poolScores", () => {
  it("pools skus as if their held-out days were one series", () => {
    const rng = stream("pool", 0, "synthetic-history");
    const a = rollingBacktest({ start: "2022-01-03", units: Float64Array.from({ length: 300 }, () => poisson(rng, 3)) }, (t) =>
      fitDemand(t, { weekly: false }),
    )!;
    const b = rollingBacktest({ start: "2022-02-07", units: Float64Array.from({ length: 200 }, () => poisson(rng, 40)) }, (t) =>
      fitDemand(t, { weekly: false }),
    )!;
    const pooled = poolScores([a.scores, null, b.scores])!;
    const exact = scoresOf(addSums(a.sums, b.sums));
    for (const k of ["mase", "pinball", "bias", "cover80", "cover90", "cover80Closed"] as const) expect(pooled[k]).toBeCloseTo(exact[k], 12);
    expect(pooled.days).toBe(a.scores.days + b.scores.days);
    expect(poolScores([null, undefined])).toBeNull();
  });
});

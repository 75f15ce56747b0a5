import { describe, expect, it } from "vitest";
import { monthlyMeans, monthlyWeights } from "../../src/analysis/demandCurve.ts";
import { fitDemand } from "../../src/analysis/fitDemand.ts";
import { fitNotesText } from "../../src/present/fitWords.ts";
import { expectedOrdersCurve, monthlyFactor } from "../../src/engine/demandCurve.ts";
import { negativeBinomial, poisson } from "../../src/engine/dists.ts";
import { stream } from "../../src/engine/random.ts";
import type { Demand } from "../../src/engine/scenario.ts";
import { isoDate, isoDay, type HistorySeries } from "../../src/io/history.ts";

/**
 * A history drawn from known demand with the engine's own curve and samplers: day i of the series
 * is dated first + i, and the level `ordersPerDay` holds on the day after the last one (the
 * engine's startDate with the whole history as warm-up).
 */
function synth(demand: Demand, first: string, n: number, seed: string): HistorySeries {
  const origin = isoDate(isoDay(first) + n);
  const mu = expectedOrdersCurve(demand, origin, n, n);
  const rng = stream(seed, 0, "synthetic-history");
  const units = new Float64Array(n);
  const oc = demand.orderCount;
  for (let i = 0; i < n; i++) units[i] = oc.kind === "negativeBinomial" ? negativeBinomial(rng, mu[i], oc.dispersion) : poisson(rng, mu[i]);
  return { start: first, units };
}

const WEEKLY = [0.8, 0.9, 1, 1, 1.1, 1.3, 0.9];
const MONTHLY = [0.7, 0.75, 0.9, 1.05, 1.15, 1.25, 1.3, 1.2, 1.05, 0.95, 0.9, 0.85];
const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe("fitDemand recovers known parameters", () => {
  // 4 years, level 100 at the end, 10 %/year growth, NB dispersion 20.
  const L = 100;
  const K = 20;
  const G = 0.1;
  const N = 1461;
  const truth: Demand = {
    ordersPerDay: L,
    orderCount: { kind: "negativeBinomial", dispersion: K },
    unitsPerOrder: { kind: "fixed", value: 1 },
    weekly: WEEKLY,
    monthly: MONTHLY,
    trendPerYear: G,
  };
  const series = synth(truth, "2019-01-01", N, "recover");
  const fit = fitDemand(series);
  const d = fit.demand;
  // Relative variance of one day's count around its mean: 1/μ (Poisson) + 1/k (gamma mixing).
  const muBar = L / Math.pow(1 + G, 2);
  const v = 1 / muBar + 1 / K;
  const years = N / 365;
  // Least-squares slope of ln y on time: Var = v / Σ(τ − τ̄)², Σ(τ − τ̄)² = N·T²/12.
  const seR = Math.sqrt(v / ((N * years * years) / 12));

  it("trendPerYear within 6 SE of the log-linear slope (block means cost some efficiency)", () => {
    expect(d.trendPerYear).toBeDefined();
    expect(Math.abs(Math.log1p(d.trendPerYear!) - Math.log1p(G))).toBeLessThan(6 * seR);
  });

  it("ordersPerDay at the end of the history within 4 SE (mean level and slope extrapolated half the span)", () => {
    const se = Math.sqrt(v / N + (years / 2) ** 2 * seR * seR);
    expect(Math.abs(Math.log(d.ordersPerDay / L))).toBeLessThan(4 * se);
  });

  it("weekly multipliers within 4 SE each, mean 1", () => {
    expect(mean(d.weekly!)).toBeCloseTo(1, 3);
    for (let k = 0; k < 7; k++) {
      const se = WEEKLY[k] * Math.sqrt((1 / (muBar * WEEKLY[k]) + 1 / K) / (N / 7));
      expect(Math.abs(d.weekly![k] - WEEKLY[k]), `weekday ${k}`).toBeLessThan(4 * se);
    }
  });

  it("monthly means within 4 SE, mid-month points within 8 SE (solving for points at most doubles the noise)", () => {
    expect(mean(d.monthly!)).toBeCloseTo(1, 3);
    const fitted = monthlyMeans(d.monthly!);
    const trueMeans = monthlyMeans(MONTHLY);
    for (let j = 0; j < 12; j++) {
      const se = trueMeans[j] * Math.sqrt((1 / (muBar * trueMeans[j]) + 1 / K) / (N / 12));
      expect(Math.abs(fitted[j] - trueMeans[j]), `month ${j} mean`).toBeLessThan(4 * se);
      expect(Math.abs(d.monthly![j] - MONTHLY[j]), `month ${j} point`).toBeLessThan(8 * se);
    }
  });

  it("chooses the negative binomial with k within 6 SE (gamma-shape MLE: Var k̂ ≈ 2k²/n, Poisson layer adds some)", () => {
    expect(d.orderCount.kind).toBe("negativeBinomial");
    const k = d.orderCount.kind === "negativeBinomial" ? d.orderCount.dispersion : NaN;
    expect(Math.abs(k - K)).toBeLessThan(6 * K * Math.sqrt(2 / N));
    expect(fit.diagnostics.dispersionTest.pValue).toBeLessThan(0.001);
  });

  it("diagnostics count the days and anchor the level after the last day", () => {
    const g = fit.diagnostics;
    expect(g.days).toBe(N);
    expect(g.daysUsed).toBe(N);
    expect(g.closedDays).toBe(0);
    expect(g.launchTrimmedDays).toBe(0);
    expect(g.origin).toBe(isoDate(isoDay("2019-01-01") + N));
  });
});

describe("fitDemand count law", () => {
  it("chooses Poisson for Poisson data at about the test's 5 % level (≤ 6 of 40; P(X > 6) ≈ 1.4 % under Bin(40, 0.05))", () => {
    let nb = 0;
    for (let s = 0; s < 40; s++) {
      const series = synth({ ordersPerDay: 5, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2021-01-04", 364, `poisson-${s}`);
      if (fitDemand(series).demand.orderCount.kind === "negativeBinomial") nb++;
    }
    expect(nb).toBeLessThanOrEqual(6);
  });

  it("chooses the negative binomial for overdispersed data (k = 2, mean 3)", () => {
    const series = synth(
      { ordersPerDay: 3, orderCount: { kind: "negativeBinomial", dispersion: 2 }, unitsPerOrder: { kind: "fixed", value: 1 } },
      "2021-01-04",
      364,
      "nb",
    );
    const fit = fitDemand(series);
    expect(fit.demand.orderCount.kind).toBe("negativeBinomial");
    // Var/mean = 1 + μ/k = 2.5.
    expect(fit.diagnostics.varianceToMean).toBeGreaterThan(2);
    expect(fit.diagnostics.varianceToMean).toBeLessThan(3);
  });
});

describe("fitDemand on awkward histories", () => {
  it("drops a pre-launch zero run of an intermittent seller and reports it", () => {
    const base = synth(
      { ordersPerDay: 0.3, orderCount: { kind: "negativeBinomial", dispersion: 1 }, unitsPerOrder: { kind: "fixed", value: 1 } },
      "2020-01-01",
      1000,
      "launch",
    );
    base.units.fill(0, 0, 300);
    const fit = fitDemand(base);
    const g = fit.diagnostics;
    // The first sale after day 300 comes within 30 days unless P0^30 = (1/1.3)^30 ≈ 4e-4 strikes.
    expect(g.launchTrimmedDays).toBeGreaterThanOrEqual(300);
    expect(g.launchTrimmedDays).toBeLessThan(330);
    expect(fitNotesText(g.warnings).some((w) => w.includes("before launch"))).toBe(true);
    expect(g.warnings).toContainEqual({ code: "launchTrimmed", days: g.launchTrimmedDays, lastDay: expect.any(String) });
    // Level within 4 SE: Var(mean) = μ(1 + μ/k)/n over 700 days.
    expect(Math.abs(fit.demand.ordersPerDay - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 1.3) / 700));
  });

  it("keeps short zero runs of a slow seller (no trimming without evidence)", () => {
    const s = synth({ ordersPerDay: 0.5, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2020-01-01", 400, "slow");
    s.units[0] = 0;
    s.units[1] = 0;
    s.units[2] = 1;
    expect(fitDemand(s).diagnostics.launchTrimmedDays).toBe(0);
  });

  it("excludes a stockout-like zero run and keeps the level unbiased", () => {
    const s = synth({ ordersPerDay: 5, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2020-01-01", 500, "stockout");
    s.units.fill(0, 200, 260);
    const fit = fitDemand(s);
    expect(fit.diagnostics.stockoutDaysExcluded).toBeGreaterThanOrEqual(60);
    expect(fit.diagnostics.daysUsed).toBeLessThanOrEqual(440);
    expect(Math.abs(fit.demand.ordersPerDay - 5)).toBeLessThan(4 * Math.sqrt(5 / 440) + 0.05);
  });

  it("excludes closed (NaN and caller-listed) days from the fit and counts them", () => {
    const s = synth({ ordersPerDay: 5, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2020-01-01", 200, "closed");
    s.units[10] = NaN;
    s.units[11] = NaN;
    s.units[50] = 0;
    const fit = fitDemand(s, { closedDays: new Set([isoDay("2020-01-01") + 50]) });
    expect(fit.diagnostics.closedDays).toBe(3);
    expect(fit.diagnostics.daysUsed).toBe(197);
  });

  it("a weekday that never trades gets multiplier 0 and the week keeps its total", () => {
    const s = synth(
      { ordersPerDay: 10, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 }, weekly: [1.2, 1.2, 1.2, 1.2, 1.2, 0, 1] },
      "2021-01-04",
      364,
      "nosat",
    );
    const first = isoDay("2021-01-04");
    for (let i = 0; i < s.units.length; i++) if ((first + i + 3) % 7 === 5) s.units[i] = NaN; // Saturdays absent
    const fit = fitDemand(s);
    expect(fit.diagnostics.closedWeekdays).toEqual(["Sat"]);
    expect(fit.demand.weekly![5]).toBe(0);
    expect(mean(fit.demand.weekly!)).toBeCloseTo(1, 3);
    expect(fit.diagnostics.closedDays).toBe(0);
    // Weekly total 70 orders: ordersPerDay is the calendar-day mean (10), within 4 SE.
    expect(Math.abs(fit.demand.ordersPerDay - 10)).toBeLessThan(4 * Math.sqrt(10 / 312) * (7 / 6));
  });

  it("keeps the mean of fractional units and says so", () => {
    const s = synth({ ordersPerDay: 6, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2021-01-04", 364, "fraction");
    for (let i = 0; i < s.units.length; i++) s.units[i] = s.units[i] / 3;
    const fit = fitDemand(s, { weekly: false });
    const m = mean(Array.from(s.units));
    expect(fit.diagnostics.fractionalUnits).toBe(true);
    expect(fit.demand.ordersPerDay).toBeCloseTo(m, 3);
    expect(fitNotesText(fit.diagnostics.warnings).some((w) => w.includes("fractional"))).toBe(true);
  });

  it("fits no monthly profile or trend to half a year, no weekly profile to 3 weeks", () => {
    const poissonDemand: Demand = { ordersPerDay: 4, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } };
    const half = fitDemand(synth(poissonDemand, "2021-01-04", 182, "half"), { weekly: true });
    expect(half.demand.monthly).toBeUndefined();
    expect(half.demand.trendPerYear).toBeUndefined();
    expect(fitDemand(synth(poissonDemand, "2021-01-04", 21, "short")).demand.weekly).toBeUndefined();
  });

  it("leaves out a monthly profile that two flat years do not support", () => {
    const fit = fitDemand(synth({ ordersPerDay: 4, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2020-01-01", 731, "flat"));
    expect(fit.demand.monthly).toBeUndefined();
    expect(fitNotesText(fit.diagnostics.warnings).some((w) => w.startsWith("monthly profile left out"))).toBe(true);
  });

  it("pulls a noisy monthly profile towards flat (James–Stein) and says by how much", () => {
    // Two years of a slow, lumpy seller with a real but modest season: significant, yet noisy.
    const s = synth(
      { ordersPerDay: 3, orderCount: { kind: "negativeBinomial", dispersion: 1.5 }, unitsPerOrder: { kind: "fixed", value: 1 }, monthly: MONTHLY },
      "2020-01-01",
      731,
      "noisy-months",
    );
    const auto = fitDemand(s);
    const forced = fitDemand(s, { monthly: true });
    const note = fitNotesText(auto.diagnostics.warnings).find((w) => w.startsWith("monthly profile pulled"));
    expect(note).toBeDefined();
    const share = Number(/pulled (\d+) %/.exec(note!)![1]) / 100;
    // The shrunk points are exactly 1 + s·(m − 1) of the unshrunk ones, up to the 4-digit rounding.
    for (let j = 0; j < 12; j++) expect(auto.demand.monthly![j] - 1).toBeCloseTo((1 - share) * (forced.demand.monthly![j] - 1), 1);
    const spread = (m: number[]) => m.reduce((a, v) => a + Math.abs(v - 1), 0);
    expect(spread(auto.demand.monthly!)).toBeLessThan(spread(forced.demand.monthly!));
  });

  it("leaves out a trend the data cannot tell from zero: kept in ≤ 4 of 20 flat 2-year series (P(X > 4) ≈ 0.3 % at a 5 % rate)", () => {
    let kept = 0;
    for (let s = 0; s < 20; s++) {
      const fit = fitDemand(
        synth({ ordersPerDay: 6, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2020-01-01", 730, `flat-trend-${s}`),
      );
      if (fit.demand.trendPerYear !== undefined) kept++;
      else expect(fitNotesText(fit.diagnostics.warnings).some((w) => w.startsWith("trend left out"))).toBe(true);
    }
    expect(kept).toBeLessThanOrEqual(4);
  });

  it("with unitsPerOrder 3, ordersPerDay and the count law are of orders (units ÷ 3)", () => {
    const s = synth({ ordersPerDay: 4, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } }, "2021-01-04", 364, "upo");
    const unitsSeries = { start: s.start, units: s.units.map((v) => 3 * v) };
    const fit = fitDemand(unitsSeries, { unitsPerOrder: 3, weekly: false });
    const plain = fitDemand(s, { weekly: false });
    expect(fit.demand.unitsPerOrder).toEqual({ kind: "fixed", value: 3 });
    expect(fit.demand.ordersPerDay).toBeCloseTo(plain.demand.ordersPerDay, 3);
    expect(fit.demand.orderCount).toEqual(plain.demand.orderCount);
    expect(fit.diagnostics.meanPerDay).toBeCloseTo(3 * plain.diagnostics.meanPerDay, 9);
    // Units in threes are overdispersed as units, not as orders.
    expect(fitDemand(unitsSeries, { weekly: false }).demand.orderCount.kind).toBe("negativeBinomial");
  });

  it("a series without any sale fits demand 0", () => {
    const fit = fitDemand({ start: "2020-01-01", units: new Float64Array(100) });
    expect(fit.demand.ordersPerDay).toBe(0);
    expect(fit.diagnostics.zeroFraction).toBe(1);
  });
});

describe("monthlyWeights", () => {
  it("monthlyWeights(day) reproduces the engine's monthlyFactor for every day of 2023–2024", () => {
    const m = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
    for (let day = isoDay("2023-01-01"); day <= isoDay("2024-12-31"); day++) {
      const { lo, hi, w } = monthlyWeights(day);
      expect(m[lo] * (1 - w) + m[hi] * w).toBeCloseTo(monthlyFactor(m, day), 12);
    }
  });

  it("monthlyMeans of a flat profile is flat", () => {
    for (const v of monthlyMeans(new Array(12).fill(1.5))) expect(v).toBeCloseTo(1.5, 12);
  });
});

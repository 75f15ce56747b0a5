/**
 * Out-of-sample check of a demand fit: hold out the last weeks of a history, fit on the rest,
 * simulate the fitted demand over the held-out days with the engine's own samplers and named
 * streams, and score the held-out actuals against the simulated bands.
 *
 * Scores (over held-out days with data; closed days are skipped):
 *   - wape: Σ|actual − mean| / Σ actual (weighted absolute percentage error; unlike MAPE it is
 *     defined on zero-sales days, which intermittent series are full of);
 *   - mase: mean |actual − mean| ÷ mean |y_t − y_{t−7}| in training (below 1 beats a
 *     same-weekday-last-week forecast);
 *   - bias: (Σ mean − Σ actual) / Σ actual (positive = over-forecast);
 *   - coverage: share of days with p10 ≤ actual ≤ p90. For counts the band is closed and holds
 *     more than 80 % of outcomes (p10 = p50 = 0 on slow days), so `expectedCoverage` gives what
 *     the fitted model itself puts inside the band: well calibrated means coverage ≈ expectedCoverage.
 */
import { negativeBinomial, poisson } from "../engine/dists.ts";
import { stream } from "../engine/random.ts";
import type { Demand } from "../engine/scenario.ts";
import { isoDate, isoDay, type HistorySeries } from "../io/history.ts";
import { expectedOrders } from "./demandCurve.ts";
import { fitDemand, type DemandFit, type FitOptions } from "./fitDemand.ts";
import { seasonalNaiveScale } from "./forecast/predictive.ts";

export interface BacktestOptions {
  /** Weeks held out at the end (default 8). */
  holdoutWeeks?: number;
  /** Simulated paths (default 1000). */
  simulations?: number;
  /** Seed of the simulation streams (default "backtest"). */
  seed?: string;
  /** Stream key, usually the sku id (default "sku"). */
  key?: string;
  fit?: FitOptions;
  /** The fitter (default fitDemand; the app passes the one that chooses the model form). */
  fitWith?: (series: HistorySeries, opts?: FitOptions) => DemandFit;
}

export interface Backtest {
  /** ISO date of the first held-out day. */
  start: string;
  holdoutDays: number;
  trainDays: number;
  /** Held-out days with data (scored). */
  daysScored: number;
  /** Per held-out day (NaN where the day has no data). */
  actual: number[];
  mean: number[];
  p10: number[];
  p50: number[];
  p90: number[];
  wape: number;
  mase: number;
  bias: number;
  coverage: number;
  expectedCoverage: number;
  /** The held-out total (scored days) against the simulated totals' band. */
  total: { actual: number; mean: number; p10: number; p90: number };
  /** The demand fitted on the training part. */
  trainDemand: Demand;
}

/** Runs the backtest, or returns null when the series is too short (training under 8 weeks). */
export function backtest(series: HistorySeries, opts: BacktestOptions = {}): Backtest | null {
  const h = Math.round((opts.holdoutWeeks ?? 8) * 7);
  const n = series.units.length;
  if (h <= 0 || n - h < 56) return null;
  const first = isoDay(series.start);
  const trainN = n - h;
  const train: HistorySeries = { start: series.start, units: series.units.subarray(0, trainN) };
  const fit = (opts.fitWith ?? fitDemand)(train, opts.fit);
  if (fit.diagnostics.daysUsed < 28) return null;
  const demand = fit.demand;
  const upo = demand.unitsPerOrder.kind === "fixed" ? demand.unitsPerOrder.value : 1;
  const holdStart = first + trainN;
  const mu = expectedOrders(demand, holdStart, h, holdStart);
  const closed = opts.fit?.closedDays;
  const actual: number[] = [];
  for (let i = 0; i < h; i++) {
    const v = series.units[trainN + i];
    actual.push(closed?.has(holdStart + i) ? NaN : v);
  }

  const sims = Math.max(10, opts.simulations ?? 1000);
  const seed = opts.seed ?? "backtest";
  const key = opts.key ?? "sku";
  const oc = demand.orderCount;
  const draws = new Float64Array(sims * h); // day-major: draws[d * sims + s]
  const totals = new Float64Array(sims);
  for (let s = 0; s < sims; s++) {
    const rng = stream(seed, s, "demand", key);
    for (let d = 0; d < h; d++) {
      const orders = oc.kind === "negativeBinomial" ? negativeBinomial(rng, mu[d], oc.dispersion) : poisson(rng, mu[d]);
      const units = orders * upo;
      draws[d * sims + s] = units;
      if (!Number.isNaN(actual[d])) totals[s] += units;
    }
  }
  const mean: number[] = [];
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  let scored = 0;
  let absErr = 0;
  let sumActual = 0;
  let sumMean = 0;
  let inside = 0;
  let expectedInside = 0;
  for (let d = 0; d < h; d++) {
    const col = draws.subarray(d * sims, (d + 1) * sims).sort();
    const q = (p: number) => col[Math.min(sims - 1, Math.max(0, Math.round(p * (sims - 1))))];
    const lo = q(0.1);
    const hi = q(0.9);
    mean.push(mu[d] * upo);
    p10.push(lo);
    p50.push(q(0.5));
    p90.push(hi);
    const a = actual[d];
    if (Number.isNaN(a)) continue;
    scored++;
    absErr += Math.abs(a - mu[d] * upo);
    sumActual += a;
    sumMean += mu[d] * upo;
    if (a >= lo && a <= hi) inside++;
    let c = 0;
    for (let s = 0; s < sims; s++) if (col[s] >= lo && col[s] <= hi) c++;
    expectedInside += c / sims;
  }
  const scale = seasonalNaiveScale(fit.used);
  const sortedTotals = totals.slice().sort();
  const tq = (p: number) => sortedTotals[Math.min(sims - 1, Math.max(0, Math.round(p * (sims - 1))))];
  return {
    start: isoDate(holdStart),
    holdoutDays: h,
    trainDays: trainN,
    daysScored: scored,
    actual,
    mean,
    p10,
    p50,
    p90,
    wape: sumActual > 0 ? absErr / sumActual : NaN,
    mase: scored > 0 && scale > 0 ? absErr / scored / scale : NaN,
    bias: sumActual > 0 ? (sumMean - sumActual) / sumActual : NaN,
    coverage: scored > 0 ? inside / scored : NaN,
    expectedCoverage: scored > 0 ? expectedInside / scored : NaN,
    total: { actual: sumActual, mean: sumMean, p10: tq(0.1), p90: tq(0.9) },
    trainDemand: demand,
  };
}

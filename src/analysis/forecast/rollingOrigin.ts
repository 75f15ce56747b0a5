/**
 * Rolling-origin backtest (docs/model.md §3.2.1): for each of the last `origins` blocks of
 * `horizonDays`, fit on every day before the block, forecast the block, and score each day with data
 * against the fitted predictive law (src/analysis/forecast/predictive.ts). Per sku and, pooled,
 * per file:
 *   - MASE: mean |y − mean| ÷ the seasonal-naive scale (mean |y_t − y_{t−7}| of that origin's training days);
 *   - scaled pinball: mean pinball loss over the quantiles 0.1…0.9 ÷ the same scale;
 *   - bias: (Σ mean − Σ actual) / Σ actual (positive = over-forecast);
 *   - coverage of p10–p90 and p05–p95 (PIT share; and the closed-band share of p10–p90).
 */
import type { HistorySeries } from "../../io/history.ts";
import { isoDate, isoDay } from "../../io/history.ts";
import { expectedOrders } from "../demandCurve.ts";
import type { DemandFit } from "../fitDemand.ts";
import { HORIZON_DAYS } from "./fitForecast.ts";
import { scoreDay, seasonalNaiveScale } from "./predictive.ts";

export const OUTER_ORIGINS = 4;

export interface ForecastScores {
  /** Origins scored. */
  origins: number;
  /** Held-out days scored. */
  days: number;
  mase: number;
  pinball: number;
  bias: number;
  cover80: number;
  cover90: number;
  /** Share of days with p10 ≤ actual ≤ p90 (closed band; above 0.8 for slow sellers even when calibrated). */
  cover80Closed: number;
  /** Units sold and forecast (mean) over the scored days. */
  actualTotal: number;
  meanTotal: number;
}

/** Sums behind ForecastScores, so skus can be pooled into a file's figures. */
export interface ScoreSums {
  origins: number;
  days: number;
  absScaled: number;
  pinScaled: number;
  sumMean: number;
  sumActual: number;
  in80: number;
  in90: number;
  closed80: number;
}

export const emptySums = (): ScoreSums => ({ origins: 0, days: 0, absScaled: 0, pinScaled: 0, sumMean: 0, sumActual: 0, in80: 0, in90: 0, closed80: 0 });

export function addSums(a: ScoreSums, b: ScoreSums): ScoreSums {
  return {
    origins: a.origins + b.origins,
    days: a.days + b.days,
    absScaled: a.absScaled + b.absScaled,
    pinScaled: a.pinScaled + b.pinScaled,
    sumMean: a.sumMean + b.sumMean,
    sumActual: a.sumActual + b.sumActual,
    in80: a.in80 + b.in80,
    in90: a.in90 + b.in90,
    closed80: a.closed80 + b.closed80,
  };
}

export function scoresOf(s: ScoreSums): ForecastScores {
  const d = s.days;
  return {
    origins: s.origins,
    days: d,
    mase: d > 0 ? s.absScaled / d : NaN,
    pinball: d > 0 ? s.pinScaled / d : NaN,
    bias: s.sumActual > 0 ? (s.sumMean - s.sumActual) / s.sumActual : NaN,
    cover80: d > 0 ? s.in80 / d : NaN,
    cover90: d > 0 ? s.in90 / d : NaN,
    cover80Closed: d > 0 ? s.closed80 / d : NaN,
    actualTotal: s.sumActual,
    meanTotal: s.sumMean,
  };
}

/** One file's figures from its skus' (every held-out day of every sku weighs the same). */
export function poolScores(list: readonly (ForecastScores | null | undefined)[]): ForecastScores | null {
  let sums = emptySums();
  for (const x of list) {
    if (!x || x.days === 0) continue;
    sums = addSums(sums, {
      origins: x.origins,
      days: x.days,
      absScaled: x.mase * x.days,
      pinScaled: x.pinball * x.days,
      sumMean: x.meanTotal,
      sumActual: x.actualTotal,
      in80: x.cover80 * x.days,
      in90: x.cover90 * x.days,
      closed80: x.cover80Closed * x.days,
    });
  }
  return sums.days > 0 ? scoresOf(sums) : null;
}

export interface OriginForecast {
  /** ISO date of the first forecast day. */
  start: string;
  actual: number[];
  mean: number[];
  p10: number[];
  p90: number[];
}

export interface RollingBacktest {
  scores: ForecastScores;
  sums: ScoreSums;
  /** Per origin, oldest first. */
  forecasts: OriginForecast[];
}

export interface RollingOptions {
  origins?: number;
  horizonDays?: number;
  /** Days the shop was closed (not scored). */
  closedDays?: ReadonlySet<number>;
}

/**
 * Runs the backtest with `fit` fitting a training history (null: too short). Returns null when no
 * origin leaves 8 weeks of training with a fit.
 */
export function rollingBacktest(series: HistorySeries, fit: (train: HistorySeries) => DemandFit | null, opts: RollingOptions = {}): RollingBacktest | null {
  const origins = opts.origins ?? OUTER_ORIGINS;
  const h = opts.horizonDays ?? HORIZON_DAYS;
  const n = series.units.length;
  const first = isoDay(series.start);
  let sums = emptySums();
  const forecasts: OriginForecast[] = [];
  for (let o = origins; o >= 1; o--) {
    const cut = n - o * h;
    if (cut < 8 * 7) continue;
    const train: HistorySeries = { start: series.start, units: series.units.subarray(0, cut), price: series.price?.subarray(0, cut) };
    const f = fit(train);
    if (!f || f.diagnostics.daysUsed < 28) continue;
    const scale = seasonalNaiveScale(f.used);
    if (!(scale > 0)) continue;
    const demand = f.demand;
    const upo = demand.unitsPerOrder.kind === "fixed" ? demand.unitsPerOrder.value : 1;
    const k = demand.orderCount.kind === "negativeBinomial" ? demand.orderCount.dispersion : Infinity;
    const mu = expectedOrders(demand, first + cut, h, first + cut);
    const one = emptySums();
    one.origins = 1;
    const fc: OriginForecast = { start: isoDate(first + cut), actual: [], mean: [], p10: [], p90: [] };
    for (let d = 0; d < h; d++) {
      const y = series.units[cut + d];
      const m = mu[d] * upo;
      const closed = Number.isNaN(y) || opts.closedDays?.has(first + cut + d) === true;
      const s = scoreDay(closed ? 0 : y, m, k, upo);
      fc.actual.push(closed ? NaN : y);
      fc.mean.push(m);
      fc.p10.push(s.q10);
      fc.p90.push(s.q90);
      if (closed) continue;
      one.days++;
      one.absScaled += s.absError / scale;
      one.pinScaled += s.pinball / scale;
      one.sumMean += m;
      one.sumActual += y;
      one.in80 += s.in80;
      one.in90 += s.in90;
      one.closed80 += s.closed80;
    }
    sums = addSums(sums, one);
    forecasts.push(fc);
  }
  if (sums.origins === 0) return null;
  return { scores: scoresOf(sums), sums, forecasts };
}

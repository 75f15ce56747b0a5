/**
 * Fits every sku of an imported sales history (src/io/history.ts): shop-wide closed days first,
 * then the demand block, a backtest and the chart curve per sku.
 */
import type { Demand } from "../engine/scenario.ts";
import { isoDate, isoDay, type HistorySeries, type ParsedHistory } from "../io/history.ts";
import { backtest, type Backtest } from "./backtest.ts";
import { type DemandDiagnostics, type FitOptions, type StoppedChoice } from "./fitDemand.ts";
import { fitForecast, type FitCache, type ModelChoice } from "./forecast/fitForecast.ts";
import { rollingBacktest, type ForecastScores } from "./forecast/rollingOrigin.ts";

export interface FitHistoryOptions extends Omit<FitOptions, "closedDays"> {
  /** Only these skus (default all). */
  skus?: string[];
  /** Weeks held out for the backtest (default 8; 0 = no backtest). */
  holdoutWeeks?: number;
  /** Extra ISO dates on which the shop was closed (holidays known to the user), excluded like detected ones. */
  closedDates?: string[];
  /** Simulated paths in the backtest (default 1000). */
  simulations?: number;
  seed?: string;
  /** Rolling-origin backtest (4 origins × 4 weeks, each fitted on the history before it): default true. */
  rolling?: boolean;
  /** Stopped skus: forecast at the in-stock rate (default), at the recent rate, or leave them out. */
  stopped?: StoppedChoice;
}

/** History against the fitted expectation, one value per day from `start` (chart data). */
export interface FitCurve {
  start: string;
  /** Units sold; NaN on days the file does not have. */
  actual: Float64Array;
  /** Fitted expected units (NaN before launch). */
  expected: Float64Array;
  /** 1 where the day was used by the fit, 0 where excluded (closed, before launch, stockout run). */
  used: Uint8Array;
}

export interface ProductFit {
  id: string;
  demand: Demand;
  diagnostics: DemandDiagnostics;
  backtest: Backtest | null;
  /** Rolling-origin scores (4 origins × 4 weeks), or null when the history is too short or not asked. */
  forecast?: ForecastScores | null;
  /** The model form chosen by backtests, with its reason. */
  choice?: ModelChoice;
  /** For a stopped sku: the demand at its recent rate, so the user can switch without refitting. */
  recentDemand?: Demand | null;
  curve: FitCurve;
  /** Median price over the last 90 priced days, or null without a price column. */
  price: number | null;
}

export interface HistoryFit {
  products: ProductFit[];
  /** Stopped skus left out (stopped: "drop"), with their last sale. */
  dropped?: { id: string; lastSale: string; days: number }[];
  /** ISO dates on which every sku sold nothing and that was too unlikely to be chance: shop closed. */
  closedDays: string[];
  warnings: string[];
}

/**
 * Days on which every sku with data sold nothing, taken as shop-closed when chance cannot explain
 * them: with per-sku zero shares z_s (on other days), Π z_s × days < 1 expected all-zero days. With
 * intermittent sellers (Π z_s large) all-zero days are ordinary and nothing is marked.
 */
export function detectClosedDays(series: ReadonlyMap<string, HistorySeries>): Set<number> {
  if (series.size < 2) return new Set();
  const totals = new Map<number, { zero: number; data: number }>();
  for (const s of series.values()) {
    const first = isoDay(s.start);
    for (let i = 0; i < s.units.length; i++) {
      const v = s.units[i];
      if (Number.isNaN(v)) continue;
      const t = totals.get(first + i) ?? { zero: 0, data: 0 };
      t.data++;
      if (v === 0) t.zero++;
      totals.set(first + i, t);
    }
  }
  const allZero = new Set<number>();
  for (const [day, t] of totals) if (t.data >= 2 && t.zero === t.data) allZero.add(day);
  if (allZero.size === 0) return allZero;
  let logP = 0;
  for (const s of series.values()) {
    const first = isoDay(s.start);
    let zeros = 0;
    let data = 0;
    for (let i = 0; i < s.units.length; i++) {
      const v = s.units[i];
      if (Number.isNaN(v) || allZero.has(first + i)) continue;
      data++;
      if (v === 0) zeros++;
    }
    if (data > 0) logP += Math.log(Math.max(zeros, 0.5) / data);
  }
  return Math.exp(logP) * totals.size < 1 ? allZero : new Set();
}

function recentMedianPrice(s: HistorySeries): number | null {
  if (!s.price) return null;
  const vals: number[] = [];
  for (let i = s.price.length - 1; i >= 0 && vals.length < 90; i--) if (Number.isFinite(s.price[i]) && s.price[i] > 0) vals.push(s.price[i]);
  if (vals.length === 0) return null;
  vals.sort((a, b) => a - b);
  const m = vals.length >> 1;
  return vals.length % 2 ? vals[m] : (vals[m - 1] + vals[m]) / 2;
}

/** Fits the skus of an imported history. Pure and synchronous. */
export function fitHistory(parsed: Pick<ParsedHistory, "series">, opts: FitHistoryOptions = {}): HistoryFit {
  const warnings: string[] = [];
  const closed = detectClosedDays(parsed.series);
  if (closed.size > 0) warnings.push(`${closed.size} days on which no sku sold anything taken as shop closed and excluded`);
  for (const d of opts.closedDates ?? []) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(d) ? isoDay(d) : NaN;
    if (Number.isNaN(day)) warnings.push(`closed date ${JSON.stringify(d)} is not a YYYY-MM-DD date; ignored`);
    else closed.add(day);
  }
  const wanted = opts.skus ? new Set(opts.skus) : null;
  if (wanted) for (const id of wanted) if (!parsed.series.has(id)) warnings.push(`sku ${JSON.stringify(id)} is not in the file`);
  const fitOpts: FitOptions = { ...opts, closedDays: closed };
  const products: ProductFit[] = [];
  const dropped: NonNullable<HistoryFit["dropped"]> = [];
  for (const [id, s] of parsed.series) {
    if (wanted && !wanted.has(id)) continue;
    // One cache of prefix fits per sku: the backtests refit the same prefixes many times.
    const cache: FitCache = new Map();
    const fit = fitForecast(s, { ...fitOpts, cache });
    const stop = fit.diagnostics.stopped;
    if (stop && opts.stopped === "drop") {
      dropped.push({ id, lastSale: stop.lastSale, days: stop.days });
      continue;
    }
    const recentDemand = stop ? (stop.choice === "recent" ? fit.demand : fitForecast(s, { ...fitOpts, stopped: "recent" }).demand) : null;
    const inner = { ...fitOpts, stopped: "inStock" as const, cache };
    const bt =
      (opts.holdoutWeeks ?? 8) > 0
        ? backtest(s, { holdoutWeeks: opts.holdoutWeeks, simulations: opts.simulations, seed: opts.seed, key: id, fit: inner, fitWith: (t, o) => fitForecast(t, { ...o, cache }) })
        : null;
    const rolling = opts.rolling === false ? null : rollingBacktest(s, (t) => fitForecast(t, inner), { closedDays: closed });
    const used = new Uint8Array(s.units.length);
    for (let i = 0; i < used.length; i++) used[i] = Number.isNaN(fit.used[i]) ? 0 : 1;
    products.push({
      id,
      demand: fit.demand,
      diagnostics: fit.diagnostics,
      backtest: bt,
      forecast: rolling?.scores ?? null,
      choice: fit.choice,
      recentDemand,
      curve: { start: s.start, actual: s.units, expected: fit.expected, used },
      price: recentMedianPrice(s),
    });
  }
  if (dropped.length > 0) warnings.push(`${dropped.length} stopped sku${dropped.length > 1 ? "s" : ""} left out: ${dropped.map((d) => `${d.id} (no sales since ${d.lastSale})`).join(", ")}`);
  return { products, dropped, closedDays: [...closed].sort((a, b) => a - b).map(isoDate), warnings };
}

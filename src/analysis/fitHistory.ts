/**
 * Fits every sku of an imported sales history (src/io/history.ts): shop-wide closed days first,
 * then the demand block, a backtest and the chart curve per sku.
 *
 * Daily totals: each unit is an order of one unit (nothing in the file says otherwise).
 * Order lines: the order count is of order lines — `ordersPerDay` and the count law are fitted
 * to order lines per day, on trading days only (any other day, Saturdays and holiday closures
 * included, is closed: excluded, not zero) — and `unitsPerOrder` is the sku's empirical
 * distribution of units per line (wholesale packs of 6, 12, 24 … kept as they are). Price is the
 * median line price, the name the file's description. The calendar (closing weekdays, closures)
 * and the distribution of product lines per order (baskets) are reported shop-wide.
 */
import type { Demand, Dist } from "../engine/scenario.ts";
import { isoDate, isoDay, type HistorySeries, type ParsedHistory } from "../io/history.ts";
import { WEEKDAY_NAMES, weekdayOf } from "./demandCurve.ts";
import { backtest, type Backtest } from "./backtest.ts";
import { type DemandDiagnostics, type FitOptions, type StoppedChoice } from "./fitDemand.ts";
import type { HistoryNote } from "./fitNotes.ts";
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
  /** Order lines: leave out the flagged outlier lines (default false: they are demand until the user says otherwise). */
  excludeOutliers?: boolean;
  /**
   * The shop's closed days (day numbers), already worked out from the whole file: a share of the
   * skus fitted apart (src/runner/fitWork.ts) must not find them again from its own skus alone.
   */
  shopClosedDays?: readonly number[];
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
  /** Median price over the last 90 priced days (order lines: over all lines), or null without a price column. */
  price: number | null;
  /** Description from the file, if it has one. */
  name?: string;
  /** Order lines: the order structure as counted and as fitted, over the sku's span. */
  orders?: OrderStructure;
}

/** What the fit of an order-line sku says about its order structure, next to the file's own counts. */
export interface OrderStructure {
  /** Trading days from the sku's first sale to the end of the file. */
  tradingDays: number;
  /** Calendar days of the same span. */
  calendarDays: number;
  /** Order lines and units in the span. */
  lines: number;
  units: number;
  /** Order lines per trading day over the span: the count the fit is built on. */
  ordersPerTradingDay: number;
  /** Mean of the units-per-order distribution (the sku's own line sizes). */
  unitsPerOrder: number;
  /** Units per calendar day over the span, closed days counted as 0. */
  unitsPerCalendarDay: number;
  /**
   * The fitted model's expected order lines per trading day over the same days: equal to the
   * count for a form with one level; a form whose level follows the recent weeks differs by design.
   */
  fittedOrdersPerTradingDay: number;
  /** Days on which the sku sold. */
  daysWithSales: number;
}

/** The shop's calendar as the history shows it. */
export interface ShopCalendar {
  /** Trading days in the file. */
  tradingDays: number;
  firstDay: string;
  lastDay: string;
  /** Weekdays (Mon…Sun) on which the shop (almost) never trades. */
  closedWeekdays: string[];
  /** Runs of non-trading days other than the closing weekdays (holidays, closures), inclusive ISO dates. */
  closures: { from: string; to: string }[];
}

export interface HistoryFit {
  products: ProductFit[];
  /** Stopped skus left out (stopped: "drop"), with their last sale. */
  dropped?: { id: string; lastSale: string; days: number }[];
  /** ISO dates on which every sku sold nothing and that was too unlikely to be chance: shop closed. */
  closedDays: string[];
  /** What the fit noted about the whole history, as codes with their figures (src/present/fitWords.ts words them). */
  warnings: HistoryNote[];
  /** The shop's calendar (trading days, closing weekdays, closures); null when there is nothing to fit. */
  calendar?: ShopCalendar | null;
  /** Order lines: product lines per order beyond the first, as the file's orders show. */
  baskets?: { extraLinesPerOrder: Dist; orders: number; meanLinesPerOrder: number } | null;
}

/** The note that names the stopped skus left out of the fit. */
export const droppedNote = (dropped: NonNullable<HistoryFit["dropped"]>): HistoryNote => ({
  code: "stoppedDropped",
  skus: dropped.map((d) => ({ id: d.id, lastSale: d.lastSale })),
});

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

/** Weekdays on which the shop traded on at most 10 % of the dates in the file's span: weekly closing days. */
function closedWeekdaysOf(trading: readonly number[]): number[] {
  if (trading.length === 0) return [];
  const first = trading[0];
  const last = trading[trading.length - 1];
  const all = new Array<number>(7).fill(0);
  const open = new Array<number>(7).fill(0);
  for (let d = first; d <= last; d++) all[weekdayOf(d)]++;
  for (const d of trading) open[weekdayOf(d)]++;
  const out: number[] = [];
  for (let w = 0; w < 7; w++) if (all[w] >= 4 && open[w] <= 0.1 * all[w]) out.push(w);
  return out;
}

/** The calendar of a history: trading days, closing weekdays and the runs of other closed days. */
export function shopCalendar(tradingDays: readonly number[]): ShopCalendar | null {
  if (tradingDays.length === 0) return null;
  const first = tradingDays[0];
  const last = tradingDays[tradingDays.length - 1];
  const weekly = closedWeekdaysOf(tradingDays);
  const open = new Set(tradingDays);
  const closures: { from: string; to: string }[] = [];
  let runStart = -1;
  let runHasOwn = false;
  for (let d = first; d <= last + 1; d++) {
    const closed = d <= last && !open.has(d);
    if (closed) {
      if (runStart < 0) runStart = d;
      if (!weekly.includes(weekdayOf(d))) runHasOwn = true;
    } else if (runStart >= 0) {
      // A run made only of closing weekdays is the usual weekend, not a closure.
      if (runHasOwn) {
        let a = runStart;
        let b = d - 1;
        while (a <= b && weekly.includes(weekdayOf(a))) a++;
        while (b >= a && weekly.includes(weekdayOf(b))) b--;
        closures.push({ from: isoDate(a), to: isoDate(b) });
      }
      runStart = -1;
      runHasOwn = false;
    }
  }
  return { tradingDays: tradingDays.length, firstDay: isoDate(first), lastDay: isoDate(last), closedWeekdays: weekly.map((w) => WEEKDAY_NAMES[w]), closures };
}

/** The empirical distribution of a value → count table (fixed when there is one value). */
function empirical(t: { values: number[]; weights: number[] }): Dist {
  const vs: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < t.values.length; i++) if (t.weights[i] > 0) (vs.push(t.values[i]), ws.push(t.weights[i]));
  if (vs.length === 1) return { kind: "fixed", value: vs[0] };
  return { kind: "empirical", values: vs, weights: ws };
}

const distMean = (t: { values: number[]; weights: number[] }) => {
  let s = 0;
  let w = 0;
  for (let i = 0; i < t.values.length; i++) ((s += t.values[i] * t.weights[i]), (w += t.weights[i]));
  return w > 0 ? s / w : NaN;
};

/** A sku's order-line series with its flagged outlier lines taken out. */
function withoutOutliers(s: HistorySeries, outliers: { sku: string; date: string; quantity: number }[]): HistorySeries {
  if (outliers.length === 0 || !s.lines || !s.sizes) return s;
  const lines = s.lines.slice();
  const units = s.units.slice();
  const sizes = { values: s.sizes.values.slice(), weights: s.sizes.weights.slice() };
  const first = isoDay(s.start);
  for (const o of outliers) {
    const i = isoDay(o.date) - first;
    lines[i] -= 1;
    units[i] -= o.quantity;
    const k = sizes.values.indexOf(o.quantity);
    if (k >= 0) sizes.weights[k] -= 1;
  }
  return { ...s, lines, units, sizes };
}

/** Fits the skus of an imported history. Pure and synchronous. */
export function fitHistory(
  parsed: Pick<ParsedHistory, "series"> & Partial<Pick<ParsedHistory, "format" | "tradingDays" | "baskets" | "excluded">>,
  opts: FitHistoryOptions = {},
): HistoryFit {
  const warnings: HistoryNote[] = [];
  const orderLines = parsed.format?.kind === "orderLines";
  const trading = parsed.tradingDays ?? [];
  const calendar = trading.length > 0 ? shopCalendar(trading) : null;
  let closed: Set<number>;
  if (opts.shopClosedDays) closed = new Set(opts.shopClosedDays);
  else if (orderLines) {
    // Every day of the span the shop did not trade on is closed: not known, not zero.
    closed = new Set<number>();
    const open = new Set(trading);
    for (let d = trading[0]; d <= trading[trading.length - 1]; d++) if (!open.has(d)) closed.add(d);
  } else {
    closed = detectClosedDays(parsed.series);
    if (closed.size > 0) warnings.push({ code: "shopClosedDays", days: closed.size });
  }
  for (const d of opts.closedDates ?? []) {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(d) ? isoDay(d) : NaN;
    if (Number.isNaN(day)) warnings.push({ code: "badClosedDate", text: d });
    else closed.add(day);
  }
  const wanted = opts.skus ? new Set(opts.skus) : null;
  if (wanted) for (const id of wanted) if (!parsed.series.has(id)) warnings.push({ code: "skuNotInFile", sku: id });
  // Order lines are orders, placed whatever the stock: a run of days without any is demand, not a stockout.
  const fitOpts: FitOptions = { ...opts, closedDays: closed, ...(orderLines ? { excludeStockoutRuns: false } : {}) };
  const outliersBySku = new Map<string, { sku: string; date: string; quantity: number }[]>();
  if (opts.excludeOutliers && parsed.excluded)
    for (const o of parsed.excluded.outliers.list) outliersBySku.set(o.sku, [...(outliersBySku.get(o.sku) ?? []), o]);
  const products: ProductFit[] = [];
  const dropped: NonNullable<HistoryFit["dropped"]> = [];
  for (const [id, raw] of parsed.series) {
    if (wanted && !wanted.has(id)) continue;
    const s = withoutOutliers(raw, outliersBySku.get(id) ?? []);
    // Order lines: the count is of lines; units per line come from the file's own distribution.
    const countSeries: HistorySeries = orderLines && s.lines ? { start: s.start, units: s.lines } : s;
    // One cache of prefix fits per sku: the backtests refit the same prefixes many times.
    const cache: FitCache = new Map();
    const fit = fitForecast(countSeries, Object.assign({}, fitOpts, { cache }));
    const stop = fit.diagnostics.stopped;
    if (stop && opts.stopped === "drop") {
      dropped.push({ id, lastSale: stop.lastSale, days: stop.days });
      continue;
    }
    const recentDemand = stop ? (stop.choice === "recent" ? fit.demand : fitForecast(countSeries, { ...fitOpts, stopped: "recent", cache }).demand) : null;
    const inner = Object.assign({}, fitOpts, { stopped: "inStock" as const, cache });
    let orders: OrderStructure | undefined;
    let expectedUnits = fit.expected;
    if (orderLines && s.lines && s.sizes) {
      const upo = distMean(s.sizes);
      fit.demand.unitsPerOrder = empirical(s.sizes);
      if (recentDemand) recentDemand.unitsPerOrder = empirical(s.sizes);
      fit.diagnostics.meanPerDay *= upo;
      expectedUnits = new Float64Array(fit.expected.length);
      for (let i = 0; i < expectedUnits.length; i++) expectedUnits[i] = fit.expected[i] * upo;
      let tradingDays = 0;
      let lines = 0;
      let units = 0;
      let expLines = 0;
      let days = 0;
      for (let i = 0; i < s.lines.length; i++) {
        if (Number.isNaN(s.lines[i])) continue;
        tradingDays++;
        lines += s.lines[i];
        units += s.units[i];
        if (s.lines[i] > 0) days++;
        if (Number.isFinite(fit.expected[i])) expLines += fit.expected[i];
      }
      if (tradingDays < 20) fit.diagnostics.warnings.push({ code: "shortHistory", tradingDays });
      orders = {
        tradingDays,
        calendarDays: s.lines.length,
        lines,
        units,
        ordersPerTradingDay: tradingDays > 0 ? lines / tradingDays : 0,
        unitsPerOrder: upo,
        unitsPerCalendarDay: s.lines.length > 0 ? units / s.lines.length : 0,
        fittedOrdersPerTradingDay: tradingDays > 0 ? expLines / tradingDays : 0,
        daysWithSales: days,
      };
    }
    const bt =
      (opts.holdoutWeeks ?? 8) > 0
        ? backtest(countSeries, {
            holdoutWeeks: opts.holdoutWeeks,
            simulations: opts.simulations,
            seed: opts.seed,
            key: id,
            fit: inner,
            fitWith: (t, o) => fitForecast(t, { ...o, cache }),
          })
        : null;
    const rolling = opts.rolling === false ? null : rollingBacktest(countSeries, (t) => fitForecast(t, inner), { closedDays: closed });
    const used = new Uint8Array(s.units.length);
    for (let i = 0; i < used.length; i++) used[i] = Number.isNaN(fit.used[i]) ? 0 : 1;
    const p: ProductFit = {
      id,
      demand: fit.demand,
      diagnostics: fit.diagnostics,
      backtest: bt,
      forecast: rolling?.scores ?? null,
      choice: fit.choice,
      recentDemand,
      curve: { start: s.start, actual: s.units, expected: expectedUnits, used },
      price: s.medianPrice ?? recentMedianPrice(s),
    };
    if (s.name) p.name = s.name;
    if (orders) p.orders = orders;
    products.push(p);
  }
  let baskets: HistoryFit["baskets"] = null;
  if (orderLines && parsed.baskets && parsed.baskets.orders > 0) {
    const t = parsed.baskets.productLinesPerOrder;
    baskets = {
      extraLinesPerOrder: empirical({ values: t.values.map((v) => v - 1), weights: t.weights }),
      orders: parsed.baskets.orders,
      meanLinesPerOrder: distMean(t),
    };
  }
  if (dropped.length > 0) warnings.push(droppedNote(dropped));
  return { products, dropped, closedDays: [...closed].sort((a, b) => a - b).map(isoDate), warnings, calendar, baskets };
}

/**
 * Fits the demand block of docs/model.md §3.2 to one sku's daily sales history.
 *
 * Model: expected units on day t = L × w[weekday] × m(date) × e^(r·(t − origin)/365), with m the
 * mid-month linear interpolation of 12 points. The components are estimated by backfitting, each
 * step a Poisson-likelihood (ratio-of-sums) update given the others:
 *   - weekly w_d = Σ y / Σ (expected without w) over weekday d; normalised to mean 1;
 *   - monthly: the 12 mid-month points solve the 12 linear equations "fitted units in calendar
 *     month j = actual units in month j" with the interpolation weights of every actual day, so the
 *     smooth curve the simulation draws reproduces the monthly totals (raw monthly means would be
 *     flattened by the interpolation); normalised to mean 1;
 *   - trend: log-linear regression (simple-statistics `linearRegression`) of deseasonalised block
 *     means (4 weeks or longer for slow movers) on time;
 *   - level L at `origin` = the day after the last day of history, so a simulation starting there
 *     continues the trend seamlessly.
 * Then the order-count law: Cameron & Trivedi's (1990) regression test of Var = μ + αμ² against
 * α = 0 on the fitted μ (deseasonalised, so seasonality is not mistaken for overdispersion); if α > 0
 * at the 5 % level the negative binomial is chosen with dispersion k = 1/α by maximum likelihood.
 *
 * A weekly or monthly profile (when left on "auto") is tested against the fit without it (χ² of
 * the group totals with the fitted count law's variance): dropped when p ≥ 0.01, and otherwise
 * pulled towards flat by the positive-part James–Stein factor 1 − (df − 2)/χ², so lumpy sellers
 * do not get profiles that are mostly noise. A trend within two standard errors of zero is left
 * out, since the simulation compounds it over the whole horizon.
 *
 * Days that carry no information are excluded rather than counted as zero sales: days missing from
 * the file (NaN), closed days passed in by the caller (all skus zero), a leading run of zeros before
 * launch, and zero runs the fitted model finds implausibly long (likely stockouts). A weekday that
 * is almost never in the file (e.g. no Saturday trading) is a regular closing day: its multiplier is
 * 0 and the other six carry the week's demand.
 *
 * Units are taken as orders of one unit (unitsPerOrder fixed 1 unless `opts.unitsPerOrder` is
 * given; then the level and the count law are of units ÷ unitsPerOrder). Fractional units (package fractions) are kept for the level, so the mean is preserved; the
 * count-law test and likelihood use day totals rounded to whole units.
 */
import { linearRegression } from "simple-statistics";
import type { Demand } from "../engine/scenario.ts";
import { logGamma, normalCdf } from "../engine/special.ts";
import { isoDate, isoDay, type HistorySeries } from "../io/history.ts";
import { MONTH_NAMES, WEEKDAY_NAMES, monthOf, monthlyWeights, weekdayOf } from "./demandCurve.ts";
import { uniqueNotes, type DemandNote } from "./fitNotes.ts";

export interface FitOptions {
  /** Units per customer order (default 1): ordersPerDay = units per day ÷ this. */
  unitsPerOrder?: number;
  /** Fit Mon..Sun multipliers: default "auto" (when ≥ 4 weeks of usable days). */
  weekly?: boolean | "auto";
  /** Fit Jan..Dec multipliers: default "auto" (when the usable span is ≥ 1 year and every month has ≥ 10 usable days). */
  monthly?: boolean | "auto";
  /** Fit a trend: default "auto" (when the usable span is ≥ 2 years; with one year, trend and season cannot be told apart). */
  trend?: boolean | "auto";
  /** Day numbers on which the shop was closed (e.g. every sku sold nothing); excluded from the fit. */
  closedDays?: ReadonlySet<number>;
  /** Significance level of the overdispersion test (default 0.05). */
  alpha?: number;
  /**
   * Drop zero runs the fitted model finds implausibly long, as likely stockouts (default true).
   * Order-line exports record orders, not shipments, so their zero runs are demand (a hand warmer
   * in July) and the fit keeps them; a stopped sku's trailing run still follows `stopped`.
   */
  excludeStockoutRuns?: boolean;
  /**
   * Shape of the month profile: "smooth" (default; mid-month points interpolated by day) or "step"
   * (each calendar month its own level, changing at month boundaries).
   */
  monthlyShape?: MonthlyShape;
  /**
   * Half-life in days of the weights the level is estimated with: the level at the origin is the
   * exponentially weighted ratio of actual to fitted units, so it follows a recent shift. Default
   * Infinity: every usable day weighs the same (one level for the whole history).
   */
  levelHalfLifeDays?: number;
  /** Share of the fitted trend's growth rate carried into the forecast (default 1; 0.5 damped; 0 none). */
  trendDamping?: number;
  /**
   * What to do with a stopped sku (a trailing zero run the fitted demand makes implausible):
   * "inStock" (default) forecasts it at its rate while it sold (the run is read as a stockout);
   * "recent" keeps the zero run as demand and forecasts at the recent rate; "drop" is "inStock"
   * here, and callers leave the sku out (src/analysis/fitHistory.ts).
   */
  stopped?: StoppedChoice;
}

export type MonthlyShape = "smooth" | "step";
export type StoppedChoice = "inStock" | "recent" | "drop";

/** A trailing zero run longer than the sku's history makes plausible: delisted, or out of stock. */
export interface StoppedSales {
  /** ISO date of the last day with a sale. */
  lastSale: string;
  /** Calendar days from the day after the last sale to the end of the history. */
  days: number;
  /** Probability of so long a zero run anywhere in the history under the fitted demand (Bonferroni bound). */
  pValue: number;
  /** What the fit did with it. */
  choice: StoppedChoice;
}

export interface DispersionTest {
  /** Cameron–Trivedi t statistic of α in (y − μ)² − y = α μ² + ε (÷ μ). */
  statistic: number;
  /** One-sided p-value for α > 0 (normal approximation). */
  pValue: number;
  chosen: "poisson" | "negativeBinomial";
  /** Moment estimate of α = 1/k from the test regression (≤ 0 means no overdispersion). */
  alphaMoments: number;
}

export interface DemandDiagnostics {
  /** Calendar days from the sku's first to last day in the file. */
  days: number;
  /** Days the fit used. */
  daysUsed: number;
  /** Days excluded as closed or unknown (missing from the file, or closed for every sku), not counting closed weekdays. */
  closedDays: number;
  /** Weekdays treated as regular closing days (multiplier 0), e.g. ["Sat"]. */
  closedWeekdays: string[];
  /** Share of used days with zero sales. */
  zeroFraction: number;
  /** Mean units per used day. */
  meanPerDay: number;
  /** Pearson dispersion Σ(y − μ)²/μ ÷ (days − parameters) around the fitted curve: 1 for Poisson. */
  varianceToMean: number;
  dispersionTest: DispersionTest;
  /** Leading zero-sales days dropped as "not yet launched". */
  launchTrimmedDays: number;
  /** Zero-sales runs (after launch) dropped as likely stockouts: total days. */
  stockoutDaysExcluded: number;
  /** Good rows with fractional units. */
  fractionalUnits: boolean;
  /** ISO date the level and trend are anchored to: the day after the last day of history. */
  origin: string;
  /** Standard errors (delta method / regression) of the level and the log-trend's growth. */
  se: { ordersPerDay: number; trendPerYear: number | null };
  /** Log-growth per year of the fitted trend before damping (0 without a trend). */
  logTrendPerYear: number;
  /** The model form fitted (see FitOptions). */
  form: { monthlyShape: MonthlyShape; levelHalfLifeDays: number; trendDamping: number };
  /** Set when the sales stop before the end of the history for longer than is plausible. */
  stopped: StoppedSales | null;
  /** What the fit noted, as codes with their figures (src/present/fitWords.ts words them). */
  warnings: DemandNote[];
}

export interface DemandFit {
  demand: Demand;
  diagnostics: DemandDiagnostics;
  /** Expected units per day over the series (index 0 = series start), NaN before launch. */
  expected: Float64Array;
  /** The series' day values as used: NaN where excluded (closed, before launch, stockout runs). */
  used: Float64Array;
}

const LAUNCH_P = 1e-3;
const STOCKOUT_P = 0.01;
const CLOSED_WEEKDAY_SHARE = 0.9;

/** Fits one sku. Throws only on an empty series (the caller filters those). */
export function fitDemand(series: HistorySeries, opts: FitOptions = {}): DemandFit {
  return demandForm(fitDemandCore(series, opts), opts);
}

/**
 * A sku's fit up to its model form (level half-life, trend damping): the exclusions, the
 * significant profiles and trend, the count law. The forms of one core differ only in how the
 * level and trend are carried to the origin, so a caller comparing forms (src/analysis/forecast)
 * fits the core once and takes each form from it with demandForm.
 */
export interface DemandCore {
  /** Set when the series has no sales at all: the fit, whatever the form. */
  empty: DemandFit | null;
  first: number;
  origin: number;
  n: number;
  y: Float64Array;
  fitted: Model;
  diag: ReturnType<typeof diagnose>;
  upo: number;
  stopped: StoppedSales | null;
  closedDays: number;
  closedWeekdays: number[];
  launchTrimmedDays: number;
  stockoutDays: number;
  fractional: boolean;
  expected: Float64Array;
  monthlyShape: MonthlyShape;
  /** Whether a month profile was tried: when not, the fit is the same for either month shape. */
  monthlyTried: boolean;
  warnings: DemandNote[];
}

/** See DemandCore. Throws only on an empty series. */
export function fitDemandCore(series: HistorySeries, opts: Omit<FitOptions, "levelHalfLifeDays" | "trendDamping"> = {}): DemandCore {
  const warnings: DemandNote[] = [];
  const first = isoDay(series.start);
  const n = series.units.length;
  if (n === 0) throw new Error("empty series");
  const raw = series.units;
  const closedSet = opts.closedDays;

  // Excluded days: absent from the file or closed for the whole shop.
  const y = new Float64Array(n);
  let closedDays = 0;
  const missingByWeekday = new Array<number>(7).fill(0);
  const countByWeekday = new Array<number>(7).fill(0);
  const { wd: weekday } = calendarOf(first, n);
  const closedMask = closedSet ? closedDayMask(closedSet, first, n) : null;
  for (let i = 0; i < n; i++) {
    const wd = weekday[i];
    countByWeekday[wd]++;
    if (Number.isNaN(raw[i]) || closedMask?.[i] === 1) {
      y[i] = NaN;
      missingByWeekday[wd]++;
    } else y[i] = raw[i];
  }
  const closedWeekdays: number[] = [];
  const closedWd = new Uint8Array(7);
  for (let d = 0; d < 7; d++) {
    if (countByWeekday[d] >= 4 && missingByWeekday[d] >= CLOSED_WEEKDAY_SHARE * countByWeekday[d]) (closedWeekdays.push(d), (closedWd[d] = 1));
  }
  for (let i = 0; i < n; i++) {
    if (closedWd[weekday[i]] === 1) y[i] = NaN;
    else if (Number.isNaN(y[i])) closedDays++;
  }
  if (closedWeekdays.length > 0) warnings.push({ code: "closedWeekdays", weekdays: closedWeekdays.map((d) => WEEKDAY_NAMES[d]) });
  if (closedDays > 0) warnings.push({ code: "closedDaysExcluded", days: closedDays });

  // Pre-launch: a leading zero run that the later zero rate makes implausible.
  let lead = 0;
  while (lead < n && !(y[lead] > 0)) lead++;
  if (lead === n) {
    const empty = emptyFit(series, n, closedDays, closedWeekdays, warnings, opts);
    return {
      empty,
      first,
      origin: first + n,
      n,
      y,
      fitted: null as unknown as Model,
      diag: null as unknown as DemandCore["diag"],
      upo: 1,
      stopped: null,
      closedDays,
      closedWeekdays,
      launchTrimmedDays: 0,
      stockoutDays: 0,
      fractional: false,
      expected: empty.expected,
      monthlyShape: "smooth",
      monthlyTried: false,
      warnings,
    };
  }
  let zerosAfter = 0;
  let usableAfter = 0;
  for (let i = lead; i < n; i++) {
    if (Number.isNaN(y[i])) continue;
    usableAfter++;
    if (y[i] === 0) zerosAfter++;
  }
  let leadZeros = 0;
  for (let i = 0; i < lead; i++) if (y[i] === 0) leadZeros++;
  const z = usableAfter > 0 ? zerosAfter / usableAfter : 0;
  let launchTrimmedDays = 0;
  if (leadZeros >= 7 && Math.pow(z, leadZeros) < LAUNCH_P) {
    launchTrimmedDays = lead;
    for (let i = 0; i < lead; i++) y[i] = NaN;
    warnings.push({ code: "launchTrimmed", days: lead, lastDay: isoDate(first + lead - 1) });
  }

  let fractional = false;
  for (let i = 0; i < n; i++) if (Number.isFinite(y[i]) && !Number.isInteger(y[i])) fractional = true;
  if (fractional) warnings.push({ code: "fractionalUnits" });

  const origin = first + n;
  const firstPass: DemandNote[] = [];
  let model = fitSignificant(y, first, origin, opts, closedWeekdays, firstPass);
  let monthlyTried = model.monthlyTried;

  // Zero runs the model finds implausible are stockouts (or delisting), not demand: drop and refit.
  const kForRuns = model.k;
  let stockoutDays = 0;
  let lastUsed = n - 1;
  while (lastUsed >= 0 && Number.isNaN(y[lastUsed])) lastUsed--;
  let lastSale = lastUsed;
  while (lastSale >= 0 && !(y[lastSale] > 0)) lastSale--;
  const allRuns = implausibleZeroRuns(y, model.mu, kForRuns);
  const trailing = allRuns.find((r) => r[1] > lastUsed && r[0] === lastSale + 1) ?? null;
  const stoppedChoice: StoppedChoice = opts.stopped ?? "inStock";
  let stopped: StoppedSales | null = null;
  if (trailing) {
    stopped = {
      lastSale: isoDate(first + lastSale),
      days: n - 1 - lastSale,
      pValue: Math.min(1, Math.exp(trailing[2]) * Math.max(1, usableAfter)),
      choice: stoppedChoice,
    };
    warnings.push({ code: "salesStopped", lastSale: stopped.lastSale, days: stopped.days, choice: stoppedChoice });
  }
  // Without stockout runs (order lines: orders are placed whatever the stock), only a stopped sku's
  // trailing run is left to the stopped choice.
  const kept = opts.excludeStockoutRuns === false ? allRuns.filter((r) => r === trailing) : allRuns;
  const runs = stoppedChoice === "recent" && trailing ? kept.filter((r) => r !== trailing) : kept;
  if (runs.length > 0) {
    for (const [a, b] of runs) {
      for (let i = a; i < b; i++) y[i] = NaN;
      stockoutDays += b - a;
    }
    const [a, b] = runs.reduce((best, r) => (r[1] - r[0] > best[1] - best[0] ? r : best));
    warnings.push({ code: "stockoutRuns", runs: runs.length, days: stockoutDays, from: isoDate(first + a), to: isoDate(first + b - 1) });
    model = fitSignificant(y, first, origin, opts, closedWeekdays, warnings);
    monthlyTried ||= model.monthlyTried;
  } else warnings.push(...firstPass);

  const fitted = model;
  const upo = opts.unitsPerOrder ?? 1;
  // The count law is of orders: with several units per order, test and fit it on units ÷ unitsPerOrder.
  const diag =
    upo === 1
      ? diagnose(y, fitted, opts.alpha ?? 0.05)
      : diagnose(
          y.map((v) => v / upo),
          { ...fitted, level: fitted.level / upo, mu: fitted.mu.map((v) => v / upo) },
          opts.alpha ?? 0.05,
        );
  if (diag.test.chosen === "negativeBinomial" && diag.k < 1) warnings.push({ code: "lumpyDemand", dispersion: diag.k });
  const expected = new Float64Array(n).fill(NaN);
  for (let i = launchTrimmedDays; i < n; i++) expected[i] = fitted.base(i);
  return {
    empty: null,
    first,
    origin,
    n,
    y,
    fitted,
    diag,
    upo,
    stopped,
    closedDays,
    closedWeekdays,
    launchTrimmedDays,
    stockoutDays,
    fractional,
    expected,
    monthlyShape: opts.monthlyShape ?? "smooth",
    monthlyTried,
    warnings,
  };
}

/** The fit of one model form (level half-life, trend damping; see FitOptions) from a core. */
export function demandForm(core: DemandCore, form: Pick<FitOptions, "levelHalfLifeDays" | "trendDamping"> = {}): DemandFit {
  if (core.empty) return core.empty;
  const { fitted, diag, upo, y, first, origin, n, stopped } = core;
  // The model form: a level that follows recent data, a damped trend.
  const damping = fitted.trendFitted ? Math.max(0, Math.min(1, form.trendDamping ?? 1)) : 1;
  let halfLife = form.levelHalfLifeDays ?? Infinity;
  if (stopped && stopped.choice === "recent") halfLife = Math.min(halfLife, RECENT_HALF_LIFE);
  let model = fitted;
  if (damping !== 1 || Number.isFinite(halfLife)) model = relevel(fitted, y, first, origin, damping, halfLife);
  const levelSe = model !== fitted ? (diag.levelSe / fitted.level) * model.level * model.seInflation : diag.levelSe;
  const demand: Demand = {
    ordersPerDay: round(model.level / upo, 4),
    orderCount: diag.test.chosen === "negativeBinomial" ? { kind: "negativeBinomial", dispersion: round(diag.k, 4) } : { kind: "poisson" },
    unitsPerOrder: { kind: "fixed", value: upo },
  };
  if (model.weekly) demand.weekly = model.weekly.map((v) => round(v, 4));
  if (model.monthly) demand.monthly = model.monthly.map((v) => round(v, 4));
  if (model.monthly && core.monthlyShape === "step") demand.monthlyShape = "step";
  if (model.trendFitted) demand.trendPerYear = round(Math.expm1(model.r), 4);
  return {
    demand,
    expected: core.expected,
    used: y,
    diagnostics: {
      days: n,
      daysUsed: diag.used,
      closedDays: core.closedDays,
      closedWeekdays: core.closedWeekdays.map((d) => WEEKDAY_NAMES[d]),
      zeroFraction: diag.zeroFraction,
      meanPerDay: diag.mean * upo,
      varianceToMean: diag.pearson,
      dispersionTest: diag.test,
      launchTrimmedDays: core.launchTrimmedDays,
      stockoutDaysExcluded: core.stockoutDays,
      fractionalUnits: core.fractional,
      origin: isoDate(origin),
      se: { ordersPerDay: levelSe, trendPerYear: model.trendFitted ? Math.exp(model.r) * model.rSe : null },
      logTrendPerYear: fitted.trendFitted ? fitted.r : 0,
      form: { monthlyShape: model.monthly && core.monthlyShape === "step" ? "step" : "smooth", levelHalfLifeDays: halfLife, trendDamping: damping },
      stopped,
      warnings: uniqueNotes(core.warnings),
    },
  };
}

/** Half-life of the level's weights when a stopped sku is forecast at its recent rate. */
const RECENT_HALF_LIFE = 28;

/**
 * The level at the origin with exponentially decaying weights (half-life `halfLife` days back from
 * the end) and the trend's growth rate scaled by `damping`: L = Σ w y / Σ w s e^(r'τ), with s the
 * fitted season. The standard error grows by √(Σw²·Σ1)/Σw, the loss of effective days.
 */
function relevel(model: Model, y: Float64Array, first: number, origin: number, damping: number, halfLife: number): Model {
  const n = y.length;
  const r = model.r * damping;
  const decay = Number.isFinite(halfLife) ? Math.log(2) / halfLife : 0;
  let num = 0;
  let den = 0;
  let sw = 0;
  let sw2 = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(y[i])) continue;
    const w = Math.exp(-decay * (n - 1 - i));
    num += w * y[i];
    den += w * model.season(i) * Math.exp((r * (first + i - origin)) / 365);
    sw += w;
    sw2 += w * w;
    used++;
  }
  const level = den > 0 ? num / den : model.level;
  const season = model.season;
  const base = (i: number) => level * season(i) * Math.exp((r * (first + i - origin)) / 365);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) mu[i] = Number.isNaN(y[i]) ? NaN : base(i);
  return { ...model, level, r, rSe: model.rSe * damping, base, mu, seInflation: sw > 0 ? Math.sqrt(sw2 * used) / sw : 1 };
}

const round = (v: number, sig: number) => (v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(sig)));

function emptyFit(series: HistorySeries, n: number, closedDays: number, closedWeekdays: number[], warnings: DemandNote[], opts: FitOptions): DemandFit {
  warnings.push({ code: "noSales" });
  const first = isoDay(series.start);
  return {
    demand: { ordersPerDay: 0, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: opts.unitsPerOrder ?? 1 } },
    expected: new Float64Array(n).fill(0),
    used: new Float64Array(n).fill(NaN),
    diagnostics: {
      days: n,
      daysUsed: 0,
      closedDays,
      closedWeekdays: closedWeekdays.map((d) => WEEKDAY_NAMES[d]),
      zeroFraction: 1,
      meanPerDay: 0,
      varianceToMean: NaN,
      dispersionTest: { statistic: NaN, pValue: NaN, chosen: "poisson", alphaMoments: NaN },
      launchTrimmedDays: 0,
      stockoutDaysExcluded: 0,
      fractionalUnits: false,
      origin: isoDate(first + n),
      se: { ordersPerDay: NaN, trendPerYear: null },
      logTrendPerYear: 0,
      form: { monthlyShape: "smooth", levelHalfLifeDays: Infinity, trendDamping: 1 },
      stopped: null,
      warnings,
    },
  };
}

// ---------------------------------------------------------------------------------------------

const SEASON_P = 0.01;

/**
 * Backfits, then drops a weekly or monthly profile (when left on "auto") that the data does not
 * support: a χ² test of the per-weekday / per-month totals against the fit without that profile,
 * with the fitted count law's variance. Slow or lumpy sellers otherwise get profiles that are
 * mostly noise — and solving for mid-month points roughly doubles month-to-month noise.
 */
function fitSignificant(y: Float64Array, first: number, origin: number, opts: FitOptions, closedWeekdays: number[], warnings: DemandNote[]): Model {
  let model = backfit(y, first, origin, opts, closedWeekdays, warnings);
  const monthlyTried = model.monthlyTried;
  const auto = (v: boolean | "auto" | undefined) => v === undefined || v === "auto";
  if (model.monthly && auto(opts.monthly)) {
    const without = backfit(y, first, origin, Object.assign({}, opts, { monthly: false }), closedWeekdays, []);
    const t = profileTest(y, without, 12, calendarOf(first, y.length).mo);
    if (t.p >= SEASON_P) {
      warnings.push({ code: "profileLeftOut", profile: "monthly", p: t.p });
      model = without;
    } else {
      const s = shrinkFactor(t);
      if (s < SHRINK_REPORT) {
        const shrunk = model.monthly.map((v) => 1 + s * (v - 1));
        model = backfit(y, first, origin, opts, closedWeekdays, [], { monthly: shrunk, weekly: model.weekly ?? undefined });
        warnings.push({ code: "profileShrunk", profile: "monthly", pull: 1 - s });
      }
    }
  }
  if (model.weekly && auto(opts.weekly) && closedWeekdays.length === 0) {
    const keepMonthly = model.monthly ? { monthly: model.monthly } : {};
    const without = backfit(y, first, origin, Object.assign({}, opts, { weekly: false, monthly: model.monthly !== null }), closedWeekdays, [], keepMonthly);
    const t = profileTest(y, without, 7, calendarOf(first, y.length).wd);
    if (t.p >= SEASON_P) {
      warnings.push({ code: "profileLeftOut", profile: "weekly", p: t.p });
      model = without;
    } else {
      const s = shrinkFactor(t);
      if (s < SHRINK_REPORT) {
        const shrunk = model.weekly.map((v) => 1 + s * (v - 1));
        model = backfit(y, first, origin, Object.assign({}, opts, { monthly: model.monthly !== null }), closedWeekdays, [], { ...keepMonthly, weekly: shrunk });
        warnings.push({ code: "profileShrunk", profile: "weekly", pull: 1 - s });
      }
    }
  }
  if (model.trendFitted && auto(opts.trend) && !(Math.abs(model.r) >= TREND_T * model.rSe)) {
    const t = model.rSe > 0 ? model.r / model.rSe : 0;
    warnings.push({ code: "trendLeftOut", perYear: Math.expm1(model.r), t });
    model = backfit(
      y,
      first,
      origin,
      Object.assign({}, opts, { trend: false, weekly: model.weekly !== null, monthly: model.monthly !== null }),
      closedWeekdays,
      [],
      {
        weekly: model.weekly ?? undefined,
        monthly: model.monthly ?? undefined,
      },
    );
  }
  model.monthlyTried = monthlyTried;
  return model;
}

/**
 * A fitted trend is extrapolated over the whole simulated horizon, so one the data cannot tell
 * from zero (|slope| < 2 standard errors) does more harm than good and is left out.
 */
const TREND_T = 2;

/** Below this James–Stein factor the profile is shrunk (and the user told); above, the change would be cosmetic. */
const SHRINK_REPORT = 0.97;

/**
 * Positive-part James–Stein factor 1 − (df − 2)/χ²: how much of a profile's departure from flat
 * survives once the noise the χ² statistic measures is taken out. Solving for mid-month points
 * amplifies noise, so noisy profiles would otherwise swing far more than the data supports.
 */
function shrinkFactor(t: { x2: number; df: number }): number {
  return t.x2 > 0 ? Math.max(0, 1 - Math.max(0, t.df - 2) / t.x2) : 0;
}

/** χ² of Σ_g (O_g − E_g)² / V_g over `groups` groups (day i in group groupOf[i]) against `model`, with p-value (df = groups − 1, Wilson–Hilferty). */
function profileTest(y: Float64Array, model: Model, groups: number, groupOf: Uint8Array): { x2: number; df: number; p: number } {
  const o = new Float64Array(groups);
  const e = new Float64Array(groups);
  const v = new Float64Array(groups);
  const k = model.k;
  for (let i = 0; i < y.length; i++) {
    const mu = model.mu[i];
    if (Number.isNaN(y[i]) || !(mu > 0)) continue;
    const g = groupOf[i];
    o[g] += y[i];
    e[g] += mu;
    v[g] += Number.isFinite(k) ? mu + (mu * mu) / k : mu;
  }
  let x2 = 0;
  let df = -1;
  for (let g = 0; g < groups; g++) {
    if (!(v[g] > 0)) continue;
    x2 += (o[g] - e[g]) ** 2 / v[g];
    df++;
  }
  if (df < 1) return { x2, df: Math.max(df, 0), p: 1 };
  const c = 2 / (9 * df);
  return { x2, df, p: 1 - normalCdf((Math.cbrt(x2 / df) - (1 - c)) / Math.sqrt(c)) };
}

interface Model {
  level: number;
  r: number;
  rSe: number;
  trendFitted: boolean;
  weekly: number[] | null;
  monthly: number[] | null;
  /** Expected units on series day i. */
  base: (i: number) => number;
  /** Expected units on every day (NaN where y is NaN). */
  mu: Float64Array;
  /** Negative-binomial dispersion for run detection (Infinity = Poisson); refined in diagnose. */
  k: number;
  params: number;
  /** Weekly × monthly multiplier of series day i. */
  season: (i: number) => number;
  /** Factor on the level's standard error from weighting recent days more (1: equal weights). */
  seInflation: number;
  /** A month profile was fitted (fitSignificant: by its first backfit, before any test dropped it). */
  monthlyTried: boolean;
}

/** The shop's closed days as a mask over days first … first + n − 1; the last mask of each set is kept (a sku's prefixes share it). */
const closedMasks = new WeakMap<ReadonlySet<number>, { first: number; size: number; mask: Uint8Array }>();
function closedDayMask(closed: ReadonlySet<number>, first: number, n: number): Uint8Array {
  const c = closedMasks.get(closed);
  if (c && c.first === first && c.size === closed.size && c.mask.length >= n) return c.mask.subarray(0, n);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (closed.has(first + i)) mask[i] = 1;
  closedMasks.set(closed, { first, size: closed.size, mask });
  return mask;
}

interface Calendar {
  first: number;
  wd: Uint8Array;
  mo: Uint8Array;
  lo: Uint8Array;
  hi: Uint8Array;
  wHi: Float64Array;
  /** Month factors of a flat profile (every point 1), smooth and step, made when first asked for. */
  flat?: { smooth: Float64Array; step: Float64Array };
}
let lastCalendar: Calendar | null = null;

/**
 * Weekday, month and mid-month interpolation weights of days first … first + n − 1 (the arrays may
 * run on past n). Backtests fit many prefixes of one series, so the last table is kept and reused.
 */
function calendarOf(first: number, n: number): Calendar {
  const c = lastCalendar;
  if (c && c.first === first && c.wd.length >= n) return c;
  const t: Calendar = { first, wd: new Uint8Array(n), mo: new Uint8Array(n), lo: new Uint8Array(n), hi: new Uint8Array(n), wHi: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const day = first + i;
    t.wd[i] = weekdayOf(day);
    t.mo[i] = monthOf(day);
    const mw = monthlyWeights(day);
    t.lo[i] = mw.lo;
    t.hi[i] = mw.hi;
    t.wHi[i] = mw.w;
  }
  lastCalendar = t;
  return t;
}

/** The month factor of every day of a calendar under a flat profile (read only: shared by every fit). */
function flatMonthFactors(cal: Calendar, step: boolean): Float64Array {
  if (!cal.flat) {
    const len = cal.wd.length;
    const smooth = new Float64Array(len);
    for (let i = 0; i < len; i++) smooth[i] = 1 * (1 - cal.wHi[i]) + 1 * cal.wHi[i];
    cal.flat = { smooth, step: new Float64Array(len).fill(1) };
  }
  return step ? cal.flat.step : cal.flat.smooth;
}

const BACKFIT_SCRATCH = { before: new Float64Array(2 + 7 + 12), num: new Float64Array(12), den: new Float64Array(12), A: new Float64Array(12 * 13) };

/** Backfits level, trend and the profiles; a profile in `fixed` is held as given (and reported as fitted). */
function backfit(
  y: Float64Array,
  first: number,
  origin: number,
  opts: FitOptions,
  closedWeekdays: number[],
  warnings: DemandNote[],
  fixed: { weekly?: number[]; monthly?: number[] } = {},
): Model {
  const n = y.length;
  const cal = calendarOf(first, n);
  const { wd, mo, lo, hi, wHi } = cal;
  let used = 0;
  let firstUsed = -1;
  let lastUsed = -1;
  let sumY = 0;
  const usedPerMonth = new Array<number>(12).fill(0);
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    if (yi === yi) {
      used++;
      sumY += yi;
      if (firstUsed < 0) firstUsed = i;
      lastUsed = i;
      usedPerMonth[mo[i]]++;
    }
  }
  const span = lastUsed - firstUsed + 1;
  // A weekly closing day needs the weekly profile to carry its zero, whatever the options say.
  const fitWeekly = fixed.weekly !== undefined || (opts.weekly === "auto" || opts.weekly === undefined ? used >= 28 : opts.weekly) || closedWeekdays.length > 0;
  const monthlyPossible = span >= 365 && usedPerMonth.every((c) => c >= 10);
  const fitMonthly =
    fixed.monthly !== undefined ||
    (opts.monthly === "auto" || opts.monthly === undefined ? monthlyPossible : opts.monthly && usedPerMonth.every((c) => c >= 1));
  if (opts.monthly === true && !fitMonthly) warnings.push({ code: "monthlyNotFitted" });
  if ((opts.monthly === undefined || opts.monthly === "auto") && !monthlyPossible && span >= 300) warnings.push({ code: "monthlyNeedsYear" });
  const fitTrend = opts.trend === "auto" || opts.trend === undefined ? span >= 730 : opts.trend && span >= 56;
  if ((opts.trend === undefined || opts.trend === "auto") && !fitTrend && span >= 180) warnings.push({ code: "trendNeedsTwoYears" });

  // Years from the origin, for the trend (without one, not needed).
  const tau = new Float64Array(fitTrend ? n : 0);
  if (fitTrend) for (let i = 0; i < n; i++) tau[i] = (first + i - origin) / 365;
  const w = fixed.weekly ? fixed.weekly.slice() : new Array<number>(7).fill(1);
  for (const d of closedWeekdays) w[d] = 0;
  const m = fixed.monthly ? fixed.monthly.slice() : new Array<number>(12).fill(1);
  let r = 0;
  let rSe = 0;
  let level = 1;
  const step = opts.monthlyShape === "step";
  // The month factor of every day, recomputed whenever the profile changes (it is read several
  // times a day per iteration). A flat profile's factors are the calendar's, computed once.
  const monthlyFitted = fitMonthly && !fixed.monthly;
  const mf = fixed.monthly || monthlyFitted ? new Float64Array(n) : flatMonthFactors(cal, step);
  const updateMonthF = () => {
    if (step) for (let i = 0; i < n; i++) mf[i] = m[mo[i]];
    else for (let i = 0; i < n; i++) mf[i] = m[lo[i]] * (1 - wHi[i]) + m[hi[i]] * wHi[i];
  };
  if (fixed.monthly || monthlyFitted) updateMonthF();
  const season = (i: number) => w[wd[i]] * mf[i];
  // Without a trend r stays 0 and e^0 = 1: the exponential is skipped. The loops below write
  // season(i) × e^(r τ_i) out by hand, multiplied in the same order.
  const trendF = fitTrend ? (i: number) => Math.exp(r * tau[i]) : (_: number) => 1;
  const meanY = sumY / Math.max(1, used);

  const updateLevel = () => {
    let s = 0;
    if (fitTrend) {
      for (let i = 0; i < n; i++) if (y[i] === y[i]) s += w[wd[i]] * mf[i] * Math.exp(r * tau[i]);
    } else for (let i = 0; i < n; i++) if (y[i] === y[i]) s += w[wd[i]] * mf[i];
    level = s > 0 ? sumY / s : 0;
  };
  updateLevel();

  const nPar = 2 + 7 + 12;
  // Scratch of the iterations (backfit does not nest: one set serves every call).
  const { before, num, den, A: solveRows } = BACKFIT_SCRATCH;
  const snapshot = (into: Float64Array) => {
    into[0] = level;
    into[1] = r;
    for (let d = 0; d < 7; d++) into[2 + d] = w[d];
    for (let j = 0; j < 12; j++) into[9 + j] = m[j];
  };
  const A = monthlyFitted && !step ? solveRows : null;
  for (let iter = 0; iter < 50; iter++) {
    snapshot(before);
    if (fitWeekly && !fixed.weekly) {
      num.fill(0);
      den.fill(0);
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        if (yi !== yi) continue;
        const d = wd[i];
        num[d] += yi;
        den[d] += fitTrend ? level * Math.exp(r * tau[i]) * mf[i] : level * mf[i];
      }
      for (let d = 0; d < 7; d++) w[d] = closedWeekdays.includes(d) || den[d] === 0 ? (closedWeekdays.includes(d) ? 0 : 1) : num[d] / den[d];
      let sw = 0;
      for (let d = 0; d < 7; d++) sw += w[d];
      const mean = sw / 7;
      if (mean > 0) for (let d = 0; d < 7; d++) w[d] /= mean;
    }
    if (monthlyFitted && step) {
      // Each calendar month its own level: a ratio of sums per month.
      num.fill(0);
      den.fill(0);
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        if (yi !== yi) continue;
        num[mo[i]] += yi;
        den[mo[i]] += fitTrend ? level * Math.exp(r * tau[i]) * w[wd[i]] : level * w[wd[i]];
      }
      for (let j = 0; j < 12; j++) m[j] = den[j] > 0 ? num[j] / den[j] : 1;
      let sm = 0;
      for (let j = 0; j < 12; j++) sm += m[j];
      const mean = sm / 12;
      if (mean > 0) for (let j = 0; j < 12; j++) m[j] /= mean;
      updateMonthF();
    } else if (A) {
      // Row j of A (12 coefficients, then the right-hand side): fitted = actual units in month j.
      A.fill(0);
      for (let i = 0; i < n; i++) {
        const yi = y[i];
        if (yi !== yi) continue;
        const row = mo[i] * 13;
        const bi = fitTrend ? level * Math.exp(r * tau[i]) * w[wd[i]] : level * w[wd[i]];
        A[row + lo[i]] += bi * (1 - wHi[i]);
        A[row + hi[i]] += bi * wHi[i];
        A[row + 12] += yi;
      }
      const sol = solve(A, 12);
      if (sol) {
        let clamped = false;
        for (let j = 0; j < 12; j++) {
          if (!(sol[j] >= 0)) {
            clamped = true;
            sol[j] = 0;
          }
        }
        let ss = 0;
        for (let j = 0; j < 12; j++) ss += sol[j];
        const mean = ss / 12;
        if (mean > 0) {
          for (let j = 0; j < 12; j++) m[j] = sol[j] / mean;
          updateMonthF();
        }
        if (clamped && iter === 0) warnings.push({ code: "monthlyClamped" });
      }
    }
    if (fitTrend) {
      const t = trendRegression(y, tau, season, meanY);
      if (t) {
        r = t.slope;
        rSe = t.se;
      }
    }
    updateLevel();
    let change = 0;
    for (let k = 0; k < nPar; k++) {
      const now = k === 0 ? level : k === 1 ? r : k < 9 ? w[k - 2] : m[k - 9];
      change = Math.max(change, Math.abs(now - before[k]) / Math.max(1e-9, Math.abs(before[k])));
    }
    if (change < 1e-9) break;
  }

  const base = (i: number) => level * season(i) * trendF(i);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (y[i] !== y[i]) mu[i] = NaN;
    else {
      const v = level * (w[wd[i]] * mf[i]);
      mu[i] = fitTrend ? v * Math.exp(r * tau[i]) : v;
    }
  }
  const params = 1 + (fitWeekly ? 6 - closedWeekdays.length : 0) + (fitMonthly ? 11 : 0) + (fitTrend ? 1 : 0);
  // The moment estimate is enough for stockout-run and profile tests; diagnose() does the ML fit once.
  const k = nbDispersion(y, mu, true, false).k;
  return {
    level,
    r,
    rSe,
    trendFitted: fitTrend,
    weekly: fitWeekly ? w.slice() : null,
    monthly: fitMonthly ? m.slice() : null,
    base,
    mu,
    k,
    params,
    season,
    seInflation: 1,
    monthlyTried: fitMonthly,
  };
}

/**
 * Slope (per year) of ln(deseasonalised block mean) on time. Blocks are 4 weeks, or longer for slow
 * movers so each expects ≥ 30 units (log of tiny counts is biased); blocks less than half used are
 * skipped. 0.5 is added to block sums so an empty block does not give −∞.
 */
function trendRegression(y: Float64Array, tau: Float64Array, season: (i: number) => number, meanY: number): { slope: number; se: number } | null {
  const n = y.length;
  const block = Math.min(364, 28 * Math.max(1, Math.ceil(30 / Math.max(1e-9, 28 * meanY))));
  const pts: [number, number][] = [];
  for (let s = 0; s < n; s += block) {
    let sy = 0;
    let ss = 0;
    let st = 0;
    let c = 0;
    for (let i = s; i < Math.min(n, s + block); i++) {
      if (Number.isNaN(y[i])) continue;
      sy += y[i];
      ss += season(i);
      st += tau[i];
      c++;
    }
    if (c < block / 2 || ss <= 0) continue;
    pts.push([st / c, Math.log((sy + 0.5) / ss)]);
  }
  if (pts.length < 3) return null;
  const { m } = linearRegression(pts);
  const xm = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const ym = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const b0 = ym - m * xm;
  let sxx = 0;
  let sse = 0;
  for (const [x, v] of pts) {
    sxx += (x - xm) ** 2;
    sse += (v - b0 - m * x) ** 2;
  }
  return { slope: m, se: Math.sqrt(sse / (pts.length - 2) / sxx) };
}

/**
 * Gaussian elimination with partial pivoting of the k × k system held row by row in M (each row k
 * coefficients, then the right-hand side; M is overwritten); null when singular.
 */
function solve(M: Float64Array, k: number): number[] | null {
  const w = k + 1;
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r * w + c]) > Math.abs(M[p * w + c])) p = r;
    if (Math.abs(M[p * w + c]) < 1e-12) return null;
    if (p !== c)
      for (let j = 0; j <= k; j++) {
        const t = M[c * w + j];
        M[c * w + j] = M[p * w + j];
        M[p * w + j] = t;
      }
    const pivot = M[c * w + c];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r * w + c] / pivot;
      if (f !== 0) for (let j = c; j <= k; j++) M[r * w + j] -= f * M[c * w + j];
    }
  }
  const out: number[] = [];
  for (let i = 0; i < k; i++) out.push(M[i * w + k] / M[i * w + i]);
  return out;
}

/** Zero runs whose probability under the fitted model is below STOCKOUT_P / days used, as [start, end, ln P(run)]. */
function implausibleZeroRuns(y: Float64Array, mu: Float64Array, k: number): [number, number, number][] {
  const n = y.length;
  let used = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(y[i])) used++;
  const limit = Math.log(STOCKOUT_P / Math.max(1, used));
  const out: [number, number, number][] = [];
  let start = -1;
  let logP = 0;
  let end = -1;
  const close = () => {
    if (start >= 0 && logP < limit) out.push([start, end + 1, logP]);
    start = -1;
    logP = 0;
  };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(y[i])) continue; // closed days neither break nor extend a run
    if (y[i] === 0) {
      if (start < 0) start = i;
      end = i;
      logP += Number.isFinite(k) ? k * Math.log(k / (k + mu[i])) : -mu[i];
    } else close();
  }
  close();
  return out;
}

const NB_SCRATCH = { ys: new Float64Array(512), ms: new Float64Array(512), ix: new Int32Array(512) };

/** Negative-binomial dispersion k by maximum likelihood given μ (golden section on ln k); k = Infinity when α ≤ 0. */
function nbDispersion(y: Float64Array, mu: Float64Array, roundCounts: boolean, ml = true): { k: number; alpha: number } {
  // Moment estimate: Σ((y − μ)² − y) / Σ μ².
  let num = 0;
  let den = 0;
  let used = 0;
  for (let i = 0; i < y.length; i++) {
    const m = mu[i];
    if (Number.isNaN(y[i]) || !(m > 0)) continue;
    const yy = roundCounts ? Math.round(y[i]) : y[i];
    num += (yy - m) ** 2 - yy;
    den += m * m;
    used++;
  }
  const alpha = den > 0 ? num / den : 0;
  if (!(alpha > 0)) return { k: Infinity, alpha };
  if (!ml) return { k: 1 / alpha, alpha };
  // Scratch (nbDispersion does not nest): the used days' counts and means, and their μ indices.
  if (NB_SCRATCH.ys.length < used) {
    const len = Math.max(used, 2 * NB_SCRATCH.ys.length);
    NB_SCRATCH.ys = new Float64Array(len);
    NB_SCRATCH.ms = new Float64Array(len);
    NB_SCRATCH.ix = new Int32Array(len);
  }
  const { ys, ms, ix } = NB_SCRATCH;
  for (let i = 0, j = 0; i < y.length; i++) {
    if (Number.isNaN(y[i]) || !(mu[i] > 0)) continue;
    ys[j] = roundCounts ? Math.round(y[i]) : y[i];
    ms[j++] = mu[i];
  }
  // Σ ln Γ(y + k) depends on the counts only through how often each value occurs.
  const freq = new Map<number, number>();
  for (let i = 0; i < used; i++) freq.set(ys[i], (freq.get(ys[i]) ?? 0) + 1);
  const values = [...freq.keys()];
  const counts = [...freq.values()];
  // μ takes few distinct values when the fit has no month profile or trend (weekdays only): the
  // logs of each are taken once per evaluation, and the sum runs in day order as before.
  const distinct = new Map<number, number>();
  for (let i = 0; i < used && distinct.size <= used >> 2; i++) {
    let j = distinct.get(ms[i]);
    if (j === undefined) distinct.set(ms[i], (j = distinct.size));
    ix[i] = j;
  }
  const few = distinct.size <= used >> 2;
  const mv = few ? [...distinct.keys()] : [];
  const l1 = new Array<number>(mv.length).fill(0);
  const l2 = new Array<number>(mv.length).fill(0);
  const ll = (lk: number) => {
    const k = Math.exp(lk);
    let s = -used * logGamma(k);
    for (let j = 0; j < values.length; j++) s += counts[j] * logGamma(values[j] + k);
    if (few) {
      for (let j = 0; j < mv.length; j++) {
        const m = mv[j];
        l1[j] = Math.log(k / (k + m));
        l2[j] = Math.log(m / (k + m));
      }
      for (let i = 0; i < used; i++) {
        const yy = ys[i];
        const j = ix[i];
        s += k * l1[j] + (yy > 0 ? yy * l2[j] : 0);
      }
      return s;
    }
    for (let i = 0; i < used; i++) {
      const yy = ys[i];
      const m = ms[i];
      s += k * Math.log(k / (k + m)) + (yy > 0 ? yy * Math.log(m / (k + m)) : 0);
    }
    return s;
  };
  let a = Math.log(1e-3);
  let b = Math.log(1e6);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = ll(c);
  let fd = ll(d);
  // ln k to ±1e-4 (k to 0.01 %) is far finer than its standard error.
  for (let it = 0; it < 80 && b - a > 1e-4; it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = ll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = ll(d);
    }
  }
  const k = Math.exp((a + b) / 2);
  return { k: k > 1e5 ? Infinity : k, alpha };
}

const DIAG_SCRATCH = { zs: new Float64Array(512), xs: new Float64Array(512) };

function diagnose(y: Float64Array, model: Model, alphaLevel: number) {
  let used = 0;
  let zeros = 0;
  let sum = 0;
  let pearson = 0;
  let sumMu = 0;
  // Cameron–Trivedi auxiliary regression (no intercept): z_i = ((y−μ)² − y)/μ on μ_i.
  let szx = 0;
  let sxx = 0;
  if (DIAG_SCRATCH.zs.length < y.length) DIAG_SCRATCH.zs = new Float64Array(Math.max(y.length, 2 * DIAG_SCRATCH.zs.length));
  if (DIAG_SCRATCH.xs.length < y.length) DIAG_SCRATCH.xs = new Float64Array(Math.max(y.length, 2 * DIAG_SCRATCH.xs.length));
  const { zs, xs } = DIAG_SCRATCH;
  let nz = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    used++;
    sum += y[i];
    if (y[i] === 0) zeros++;
    const mu = model.mu[i];
    if (!(mu > 0)) continue;
    sumMu += mu;
    const yy = Math.round(y[i]);
    pearson += (yy - mu) ** 2 / mu;
    const zi = ((yy - mu) ** 2 - yy) / mu;
    zs[nz] = zi;
    xs[nz++] = mu;
    szx += zi * mu;
    sxx += mu * mu;
  }
  const aHat = sxx > 0 ? szx / sxx : 0;
  let sse = 0;
  for (let i = 0; i < nz; i++) sse += (zs[i] - aHat * xs[i]) ** 2;
  const se = Math.sqrt(sse / Math.max(1, nz - 1) / sxx);
  const statistic = se > 0 ? aHat / se : 0;
  const pValue = 1 - normalCdf(statistic);
  // The dispersion is needed only when the test chooses the negative binomial: the maximum-likelihood
  // search runs only then (otherwise k is the moment estimate, which nothing reads).
  const overdispersed = pValue < alphaLevel && aHat > 0;
  const nb = nbDispersion(y, model.mu, true, overdispersed);
  const chosen: DispersionTest["chosen"] = overdispersed && Number.isFinite(nb.k) ? "negativeBinomial" : "poisson";
  // SE of the level: Var(Σy) = Σ μ(1 + μ/k) and L̂ = L·Σy/Σμ.
  let varSum = 0;
  for (let i = 0; i < y.length; i++) {
    const mu = model.mu[i];
    if (Number.isNaN(y[i]) || !(mu > 0)) continue;
    varSum += chosen === "negativeBinomial" ? mu + (mu * mu) / nb.k : mu;
  }
  return {
    used,
    zeroFraction: used > 0 ? zeros / used : NaN,
    mean: used > 0 ? sum / used : NaN,
    pearson: pearson / Math.max(1, nz - model.params),
    test: { statistic, pValue, chosen, alphaMoments: aHat },
    k: nb.k,
    levelSe: sumMu > 0 ? (model.level * Math.sqrt(varSum)) / sumMu : NaN,
  };
}

export { MONTH_NAMES, WEEKDAY_NAMES };

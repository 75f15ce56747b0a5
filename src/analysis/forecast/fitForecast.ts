/**
 * The demand fit with its model form chosen per sku by rolling-origin backtests on the sku's own
 * history (docs/model.md §3.2.1), and its count law widened by the errors of those backtests.
 *
 * Candidates (each only where the data allows it):
 *   - level: one level for the whole history, or exponentially weighted recent days with a
 *     half-life of 12 or 4 weeks (a level that follows a recent shift);
 *   - month profile: smooth (mid-month points interpolated by day) or stepping at month boundaries;
 *   - trend: as fitted, damped (half the growth rate) or none.
 * Each is fitted on the history before each of INNER_ORIGINS origins 4 weeks apart at the end and
 * scored on the following 4 weeks by the scaled pinball loss; the lowest mean wins, a candidate
 * other than the plain one (one level, smooth months, full trend) only when it is at least
 * SIMPLER_MARGIN better, so noise does not pick a form.
 *
 * The count law's variance then gets the extra variance those held-out weeks showed beyond it:
 * α' = α + a, with a from a grid the value that minimises the held-out days' scaled pinball loss
 * (chooseWidening), so the simulated demand carries the fit's own error in level, season and
 * trend, not count noise alone.
 */
import type { Demand } from "../../engine/scenario.ts";
import { isoDay, type HistorySeries } from "../../io/history.ts";
import { expectedOrders } from "../demandCurve.ts";
import { demandForm, fitDemand, fitDemandCore, type DemandCore, type DemandFit, type FitOptions, type MonthlyShape } from "../fitDemand.ts";
import { PinballMemo, seasonalNaiveScale } from "./predictive.ts";

export const INNER_ORIGINS = 3;
/** One memo of count-law quantiles, reset before each use (fits are synchronous and do not nest). */
const sharedMemo = new PinballMemo();
export const HORIZON_DAYS = 28;
export const HALF_LIVES = [Infinity, 84, 28] as const;
export const DAMPINGS = [1, 0.5, 0] as const;
const SIMPLER_MARGIN = 0.01;
/** Widened dispersion is not let below this (a day's count law would be mostly zeros and rare spikes). */
const MIN_DISPERSION = 0.05;

export interface CandidateScore {
  monthlyShape: MonthlyShape;
  levelHalfLifeDays: number;
  trendDamping: number;
  /** Mean scaled pinball loss over the inner origins' held-out days. */
  pinball: number;
}

export interface ModelChoice {
  monthlyShape: MonthlyShape;
  /** Infinity: one level for the whole history. */
  levelHalfLifeDays: number;
  trendDamping: number;
  /** Inner origins scored (0: too short to choose; the plain form is used). */
  origins: number;
  /** Every candidate's score, best first. */
  candidates: CandidateScore[];
  /** Extra variance share α added to the count law from the held-out errors (0: none needed). */
  extraAlpha: number;
  /** Share of the fitted α kept (below 1: the held-out errors showed the law too wide). */
  alphaScale: number;
  /** Why this form (src/present/fitWords.ts `modelChoiceText` words it with the figures above). */
  reason: ModelChoiceReason;
}

/**
 * How the form was chosen: not asked to (`notChosen`), a history too short for backtests
 * (`tooShort`: the plain form), or by backtests, with the chosen form's scaled pinball loss below the
 * plain form's in per cent (0 when the plain form was not scored or won).
 */
export type ModelChoiceReason = { code: "notChosen" } | { code: "tooShort" } | { code: "backtests"; gainPercent: number };

export interface ForecastFit extends DemandFit {
  choice: ModelChoice;
}

export interface ForecastFitOptions extends FitOptions {
  /** false: fit the plain form (or the form given in the options) without choosing or widening. */
  choose?: boolean;
  /**
   * Fits of this series' prefixes already made, by length and form. Backtests fit the same
   * prefixes again and again (the inner origins of one outer origin are the outer origins of the
   * next); pass one cache per series to fit each once.
   */
  cache?: FitCache;
}

/**
 * See ForecastFitOptions.cache: valid for prefixes of one series with one set of other options.
 * Holds each prefix's core (by length, month shape and stopped choice) and the forms taken from it.
 */
export type FitCache = Map<string, DemandFit | DemandCore>;

function cachedFit(series: HistorySeries, opts: ForecastFitOptions, form: FitOptions): DemandFit {
  const { cache } = opts;
  if (!cache) {
    const { cache: _, choose: __, ...rest } = opts;
    return fitDemand(series, Object.assign({}, rest, form));
  }
  const shape = form.monthlyShape ?? opts.monthlyShape ?? "smooth";
  const stopped = form.stopped ?? opts.stopped ?? "inStock";
  const hl = form.levelHalfLifeDays ?? opts.levelHalfLifeDays ?? Infinity;
  const damping = form.trendDamping ?? opts.trendDamping ?? 1;
  const key = `${series.units.length}|${shape}|${hl}|${damping}|${stopped}`;
  let fit = cache.get(key) as DemandFit | undefined;
  if (fit) return fit;
  const { cache: _, choose: __, ...rest } = opts;
  // Object.assign, not spread: V8 copies an options object spread together with another slowly.
  const o = Object.assign({}, rest, form);
  // Every form of a prefix comes from its one core; a core that tried no month profile serves both shapes.
  const coreKey = (sh: MonthlyShape) => `core|${series.units.length}|${sh}|${stopped}`;
  let core = cache.get(coreKey(shape)) as DemandCore | undefined;
  if (!core && shape === "step") {
    const smooth = cache.get(coreKey("smooth")) as DemandCore | undefined;
    if (smooth && !smooth.monthlyTried) core = smooth;
  }
  if (!core) cache.set(coreKey(shape), (core = fitDemandCore(series, o)));
  cache.set(key, (fit = demandForm(core, o)));
  return fit;
}

/** Fits one sku choosing its model form; see the module comment. */
export function fitForecast(series: HistorySeries, opts: ForecastFitOptions = {}): ForecastFit {
  const base = cachedFit(series, opts, {});
  const plain: ModelChoice = {
    monthlyShape: base.diagnostics.form.monthlyShape,
    levelHalfLifeDays: base.diagnostics.form.levelHalfLifeDays,
    trendDamping: base.diagnostics.form.trendDamping,
    origins: 0,
    candidates: [],
    extraAlpha: 0,
    alphaScale: 1,
    reason: { code: "notChosen" },
  };
  if (opts.choose === false || base.diagnostics.daysUsed === 0) return { ...base, choice: plain };

  const n = series.units.length;
  const first = isoDay(series.start);
  const shapes: MonthlyShape[] = base.demand.monthly ? ["smooth", "step"] : ["smooth"];
  const trendAllowed = base.diagnostics.logTrendPerYear !== 0;
  const dampings = trendAllowed ? DAMPINGS : [1];
  const upo = opts.unitsPerOrder ?? 1;
  const closed = opts.closedDays;

  interface Acc {
    shape: MonthlyShape;
    hl: number;
    damping: number;
    pin: number;
    days: number;
    /** Held-out days as scored, to choose the widening: actual, mean, dispersion, scale. */
    ys: number[];
    mus: number[];
    ks: number[];
    scales: number[];
  }
  const accs: Acc[] = [];
  for (const shape of shapes)
    for (const hl of HALF_LIVES) for (const damping of dampings) accs.push({ shape, hl, damping, pin: 0, days: 0, ys: [], mus: [], ks: [], scales: [] });

  let originsScored = 0;
  const memo = sharedMemo.reset(upo);
  for (let o = INNER_ORIGINS; o >= 1; o--) {
    const cut = n - o * HORIZON_DAYS;
    if (cut < 8 * 7) continue;
    const train: HistorySeries = { start: series.start, units: series.units.subarray(0, cut) };
    const scale = seasonalNaiveScale(train.units);
    if (!(scale > 0)) continue;
    let scoredHere = false;
    for (const shape of shapes) {
      const fit = cachedFit(train, opts, { monthlyShape: shape, levelHalfLifeDays: Infinity, trendDamping: 1, stopped: "inStock" });
      if (fit.diagnostics.daysUsed < 28) continue;
      // A form the shorter history cannot fit (e.g. no month profile) gives the same forecast as plain.
      const k = fit.demand.orderCount.kind === "negativeBinomial" ? fit.demand.orderCount.dispersion : Infinity;
      const fc = candidateForecasts(fit, first + cut, HORIZON_DAYS, dampings, upo);
      for (const acc of accs) {
        if (acc.shape !== shape) continue;
        const mu = fc.get(acc.hl, acc.damping);
        for (let d = 0; d < HORIZON_DAYS; d++) {
          const y = series.units[cut + d];
          if (Number.isNaN(y) || closed?.has(first + cut + d)) continue;
          acc.pin += memo.loss(y, mu[d], k) / scale;
          acc.days++;
          acc.ys.push(y);
          acc.mus.push(mu[d]);
          acc.ks.push(k);
          acc.scales.push(scale);
          scoredHere = true;
        }
      }
    }
    if (scoredHere) originsScored++;
  }
  if (originsScored === 0) return { ...base, choice: { ...plain, reason: { code: "tooShort" } } };

  const penalty = (a: Acc) => 1 + SIMPLER_MARGIN * ((Number.isFinite(a.hl) ? 1 : 0) + (a.shape === "step" ? 1 : 0) + (a.damping !== 1 ? 1 : 0));
  const scored = accs.filter((a) => a.days > 0).map((a) => ({ a, score: a.pin / a.days }));
  scored.sort((x, y) => x.score * penalty(x.a) - y.score * penalty(y.a));
  const best = scored[0].a;
  const spread = chooseWidening(best.ys, best.mus, best.ks, best.scales, upo);

  const fit = cachedFit(series, opts, { monthlyShape: best.shape, levelHalfLifeDays: best.hl, trendDamping: best.damping });
  const demand = widen(fit.demand, spread.extraAlpha, spread.alphaScale);
  const choice: ModelChoice = {
    monthlyShape: fit.diagnostics.form.monthlyShape,
    levelHalfLifeDays: fit.diagnostics.form.levelHalfLifeDays,
    trendDamping: fit.diagnostics.form.trendDamping,
    origins: originsScored,
    candidates: scored.map(({ a, score }) => ({ monthlyShape: a.shape, levelHalfLifeDays: a.hl, trendDamping: a.damping, pinball: score })),
    extraAlpha: spread.extraAlpha,
    alphaScale: spread.alphaScale,
    reason: {
      code: "backtests",
      gainPercent: pinballGain(scored[0].score, scored.find((s) => s.a.shape === "smooth" && !Number.isFinite(s.a.hl) && s.a.damping === 1)?.score),
    },
  };
  return { ...fit, demand, choice };
}

/**
 * The spread of the count law that minimises the scaled pinball loss of the held-out days, from a
 * grid: an extra variance share added to α = 1/k, or (for a negative binomial) α scaled down;
 * the fitted law unless another scores at least SIMPLER_MARGIN better. The pinball loss
 * is a proper score, so its minimum is the calibrated spread; unlike a moment estimate from squared
 * errors, one wholesale order does not blow the band up.
 */
export function chooseWidening(ys: readonly number[], mus: readonly number[], ks: readonly number[], scales: readonly number[], upo = 1): Spread {
  let best: Spread = { alphaScale: 1, extraAlpha: 0 };
  let bestScore = Infinity;
  const nb = ks.some((k) => Number.isFinite(k));
  const grid: Spread[] = [
    ...WIDENING_GRID.map((a) => ({ alphaScale: 1, extraAlpha: a })),
    ...(nb ? NARROWING_GRID.map((f) => ({ alphaScale: f, extraAlpha: 0 })) : []),
  ];
  for (const g of grid) {
    let s = 0;
    const memo = sharedMemo.reset(upo);
    for (let i = 0; i < ys.length; i++) {
      const k = ks[i];
      const alpha = g.alphaScale * (Number.isFinite(k) ? 1 / k : 0) + g.extraAlpha;
      const kk = alpha > 0 ? Math.max(MIN_DISPERSION, 1 / alpha) : Infinity;
      s += memo.loss(ys[i], mus[i], kk) / scales[i];
    }
    const score = s * (g.extraAlpha === 0 && g.alphaScale === 1 ? 1 : 1 + SIMPLER_MARGIN);
    if (score < bestScore) {
      bestScore = score;
      best = g;
    }
  }
  return best;
}

/** How the count law's α = 1/k is changed: α' = alphaScale × α + extraAlpha. */
export interface Spread {
  alphaScale: number;
  extraAlpha: number;
}

/**
 * Shares of the fitted α tried when the law was too wide (its dispersion, estimated around one
 * level for the whole history, also holds the level's drift, which a recent level takes out).
 */
export const NARROWING_GRID = [0.5, 0.75] as const;

/** Extra variance shares tried: 0 (count noise only) up to a level known to ±100 %. */
export const WIDENING_GRID = [0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.15, 0.3, 0.6, 1] as const;

/** The count law with α = 1/k changed to alphaScale × α + extraAlpha. */
export function widen(demand: Demand, extraAlpha: number, alphaScale = 1): Demand {
  if (!(extraAlpha > 0) && alphaScale === 1) return demand;
  const alpha = alphaScale * (demand.orderCount.kind === "negativeBinomial" ? 1 / demand.orderCount.dispersion : 0) + Math.max(0, extraAlpha);
  if (!(alpha > 0)) return { ...demand, orderCount: { kind: "poisson" } };
  const k = Math.max(MIN_DISPERSION, 1 / alpha);
  return { ...demand, orderCount: { kind: "negativeBinomial", dispersion: Number(k.toPrecision(4)) } };
}

/**
 * Forecast means (units) over `days` days from `origin` for every (half-life, damping) pair, from
 * one fit with one level and the full trend: the level is re-estimated with the candidate's
 * weights and trend, L' = L × Σ w y / Σ w μ e^((φ − 1) r τ), without refitting the profiles.
 */
function candidateForecasts(fit: DemandFit, origin: number, days: number, dampings: readonly number[], upo: number) {
  const baseMu = expectedOrders(fit.demand, origin, days, origin);
  for (let d = 0; d < days; d++) baseMu[d] *= upo;
  const r = fit.diagnostics.logTrendPerYear;
  const y = fit.used;
  const ex = fit.expected;
  const n = y.length;
  // By (half-life, damping) index: every pair asked for is one of HALF_LIVES × DAMPINGS.
  const cache: (number[] | undefined)[] = [];
  return {
    get(hl: number, damping: number): number[] {
      const key = HALF_LIVES.indexOf(hl as (typeof HALF_LIVES)[number]) * DAMPINGS.length + DAMPINGS.indexOf(damping as (typeof DAMPINGS)[number]);
      const hit = cache[key];
      if (hit) return hit;
      const dr = (damping - 1) * r;
      // The plain fit's own level (ratio 1) where nothing is weighted.
      let c = 1;
      if (Number.isFinite(hl) || damping !== 1) {
        // Weight e^(−ln 2 / hl × days before the end), taken from a table; 1 without a half-life.
        const wt = Number.isFinite(hl) ? decayWeights(hl, n) : null;
        let num = 0;
        let den = 0;
        for (let i = 0; i < n; i++) {
          const yi = y[i];
          if (yi !== yi || !(ex[i] >= 0)) continue;
          const w = wt ? wt[n - 1 - i] : 1;
          num += w * yi;
          den += dr === 0 ? w * ex[i] : w * ex[i] * Math.exp((dr * (i - n)) / 365);
        }
        c = den > 0 ? num / den : 1;
      }
      const out = new Array<number>(days);
      for (let d = 0; d < days; d++) out[d] = dr === 0 ? baseMu[d] * c : baseMu[d] * c * Math.exp((dr * d) / 365);
      cache[key] = out;
      return out;
    },
    dampings,
  };
}

/** e^(−ln 2 / hl × j) for j = 0 … n − 1 (at least), per half-life, kept and extended as needed. */
const decayTables = new Map<number, Float64Array>();
function decayWeights(hl: number, n: number): Float64Array {
  let t = decayTables.get(hl);
  if (!t || t.length < n) {
    const decay = Math.log(2) / hl;
    t = new Float64Array(Math.max(n, 2 * (t?.length ?? 0), 512));
    for (let j = 0; j < t.length; j++) t[j] = Math.exp(-decay * j);
    decayTables.set(hl, t);
  }
  return t;
}

/** The chosen form's scaled pinball loss below the plain form's, in per cent (0 without a plain score). */
const pinballGain = (best: number, plain: number | undefined) => (plain !== undefined && plain > 0 ? (1 - best / plain) * 100 : 0);

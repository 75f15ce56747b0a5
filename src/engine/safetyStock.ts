/**
 * Reorder points of the safetyStock policy (docs/model.md, policies). An order placed at the end of
 * review day t with lead time L arrives at the start of day t + L, and the next review's order
 * arrives R days later, so this order protects days t+1 … t+L+R−1: P = E[L] + R − 1 days (the
 * textbook's "lead time + review period" with its start-of-period lead time L − 1). The reorder point
 * is the forecast demand over those days, from the scenario's own seasonal curve, plus safety stock:
 *   units:         SS = units
 *   days:          SS = days × mean daily demand over the protection window
 *   serviceLevel:  SS = z(level) · sqrt(Σ Var[daily demand] + E[D]² · Var[L]),
 * with daily demand compound (Poisson or negative binomial orders × units per order).
 */
import type { SafetyStockSpec } from "./scenario.ts";
import { normalQuantile } from "./special.ts";

export interface DemandMoments {
  /** Expected units on day i (index 0 = first warm-up day); must extend past the last protection window. */
  mean: Float64Array;
  /** Variance of units demanded on day i. */
  variance: Float64Array;
}

/** Sum of `a` over the real interval of days (from, from + len], counting a fractional last day. */
function windowSum(a: Float64Array, from: number, len: number): number {
  const whole = Math.floor(len);
  let s = 0;
  for (let i = 1; i <= whole; i++) s += a[Math.min(a.length - 1, from + i)];
  const frac = len - whole;
  if (frac > 0) s += frac * a[Math.min(a.length - 1, from + whole + 1)];
  return s;
}

export function protectionDays(leadMean: number, reviewPeriodDays: number): number {
  return Math.max(0, leadMean + reviewPeriodDays - 1);
}

/** Safety stock on day t (units, real). */
export function safetyStockOn(t: number, spec: SafetyStockSpec, m: DemandMoments, leadMean: number, leadSd: number, reviewPeriodDays: number): number {
  const P = protectionDays(leadMean, reviewPeriodDays);
  if ("units" in spec) return spec.units;
  const forecast = windowSum(m.mean, t, P);
  const daily = P > 0 ? forecast / P : m.mean[Math.min(m.mean.length - 1, t + 1)];
  if ("days" in spec) return spec.days * daily;
  const variance = windowSum(m.variance, t, P) + daily * daily * leadSd * leadSd;
  // A service level of exactly 1 (or 0) has no finite z; the nearest level with one is used.
  const level = Math.min(1 - 1e-6, Math.max(1e-6, spec.serviceLevel));
  return normalQuantile(level) * Math.sqrt(variance);
}

/** Whole-unit reorder point for each day 0 … days−1. */
export function reorderPointCurve(
  days: number,
  spec: SafetyStockSpec,
  m: DemandMoments,
  leadMean: number,
  leadSd: number,
  reviewPeriodDays: number,
): Float64Array {
  const out = new Float64Array(days);
  const P = protectionDays(leadMean, reviewPeriodDays);
  for (let t = 0; t < days; t++) {
    out[t] = Math.max(0, Math.round(windowSum(m.mean, t, P) + safetyStockOn(t, spec, m, leadMean, leadSd, reviewPeriodDays)));
  }
  return out;
}

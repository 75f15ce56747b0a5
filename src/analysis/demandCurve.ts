/**
 * The expected-orders curve of a `Demand` block by calendar day (docs/model.md §3.2), without shocks:
 * ordersPerDay × weekly[weekday] × monthly(date) × (1 + trendPerYear)^((day − origin)/365).
 *
 * Days are day numbers (days since 1970-01-01, see src/io/history.ts `isoDay`). The fitter works in
 * these terms so that what it estimates is exactly what the simulation will reproduce: the monthly
 * curve is the engine's own `monthlyFactor`, and `monthlyWeights` expresses that same interpolation
 * as weights on the 12 points (the fitter solves for the points; test/analysis checks they agree).
 */
import { civilDate, daysInMonth } from "../engine/calendar.ts";
import { monthFactor, monthlyFactor } from "../engine/demandCurve.ts";
import type { Demand } from "../engine/scenario.ts";

const MS_PER_DAY = 86_400_000;

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** Calendar month (0–11) of a day number. */
export function monthOf(day: number): number {
  return civilDate(day).month0;
}

/**
 * The two mid-month points a day lies between and the weight of the second: the monthly
 * multiplier of the day is `m[lo] × (1 − w) + m[hi] × w`. Midpoints sit at half the month's length
 * and the day is taken at its own middle, so in a 31-day month day 16 is exactly the midpoint.
 */
export function monthlyWeights(day: number): { lo: number; hi: number; w: number } {
  const { year: y, month0: m, dayOfMonth } = civilDate(day);
  const x = dayOfMonth - 0.5;
  const len = daysInMonth(y, m);
  const mid = len / 2;
  if (x >= mid) {
    const next = m === 11 ? daysInMonth(y + 1, 0) : daysInMonth(y, m + 1);
    return { lo: m, hi: (m + 1) % 12, w: (x - mid) / (mid + next / 2) };
  }
  const prev = m === 0 ? daysInMonth(y - 1, 11) : daysInMonth(y, m - 1);
  return { lo: (m + 11) % 12, hi: m, w: (x + prev / 2) / (prev / 2 + mid) };
}

/** The monthly multiplier of a day (1 without a monthly profile). */
export function monthlyMultiplier(monthly: readonly number[] | undefined, day: number, shape?: "smooth" | "step"): number {
  return monthly ? monthFactor(monthly, day, shape) : 1;
}

/**
 * Expected orders per day for `days` consecutive days from `firstDay`, with the trend anchored so
 * that `originDay` has the level `ordersPerDay` (the simulation anchors it at its startDate).
 */
export function expectedOrders(demand: Demand, firstDay: number, days: number, originDay: number): Float64Array {
  const out = new Float64Array(days);
  const g = Math.log1p(demand.trendPerYear ?? 0) / 365;
  for (let i = 0; i < days; i++) {
    const day = firstDay + i;
    const wk = demand.weekly ? demand.weekly[weekdayOf(day)] : 1;
    out[i] = demand.ordersPerDay * wk * monthlyMultiplier(demand.monthly, day, demand.monthlyShape) * Math.exp(g * (day - originDay));
  }
  return out;
}

/**
 * What a monthly profile means month by month: the smooth curve averaged over each calendar month
 * of `year` (default a non-leap year). The fitter matches these to the history's monthly means; the
 * mid-month points themselves swing further where neighbouring months differ sharply.
 */
export function monthlyMeans(monthly: readonly number[], year = 2023, shape?: "smooth" | "step"): number[] {
  if (shape === "step") return monthly.slice();
  const out: number[] = [];
  for (let m = 0; m < 12; m++) {
    const from = Math.round(Date.UTC(year, m, 1) / MS_PER_DAY);
    const to = Math.round(Date.UTC(year, m + 1, 1) / MS_PER_DAY);
    let s = 0;
    for (let d = from; d < to; d++) s += monthlyFactor(monthly, d);
    out.push(s / (to - from));
  }
  return out;
}

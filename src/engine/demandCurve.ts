/**
 * Expected customer orders per day (docs/model.md §3.2):
 *   ordersPerDay × weekly[weekday] × monthly(date) × (1 + trendPerYear)^(t'/365) × scheduled shocks,
 * where t' = t − warmupDays and the date of day t is startDate + t'. Random shocks are not in the
 * curve (they are random); the engine multiplies them in per run.
 */
import { civilDate, daysInMonth, epochDay, weekdayOf } from "./calendar.ts";
import type { Demand, ScheduledShock, Shock } from "./scenario.ts";

export function isScheduledShock(s: Shock): s is ScheduledShock {
  return (s as ScheduledShock).startDay !== undefined;
}

/**
 * The smooth monthly factor of an epoch day. Each month's value sits at its midpoint, day
 * (length + 1) / 2 of the month (Jan 16, Feb 14.5, Apr 15.5 …); between midpoints the factor is
 * linear in days, and December's midpoint connects to January's across the year end.
 */
export function monthlyFactor(monthly: readonly number[], day: number): number {
  const { year, month0, dayOfMonth } = civilDate(day);
  const n = daysInMonth(year, month0);
  const mid = (n + 1) / 2;
  if (dayOfMonth >= mid) {
    const nextMonth = (month0 + 1) % 12;
    const nextYear = month0 === 11 ? year + 1 : year;
    const nextMid = (daysInMonth(nextYear, nextMonth) + 1) / 2;
    const span = n - mid + nextMid;
    const f = (dayOfMonth - mid) / span;
    return monthly[month0] + (monthly[nextMonth] - monthly[month0]) * f;
  }
  const prevMonth = (month0 + 11) % 12;
  const prevYear = month0 === 0 ? year - 1 : year;
  const pn = daysInMonth(prevYear, prevMonth);
  const prevMid = (pn + 1) / 2;
  const span = pn - prevMid + mid;
  const f = (dayOfMonth + pn - prevMid) / span;
  return monthly[prevMonth] + (monthly[month0] - monthly[prevMonth]) * f;
}

/** The monthly factor of an epoch day for either shape: the smooth curve, or the day's own month. */
export function monthFactor(monthly: readonly number[], day: number, shape: "smooth" | "step" | undefined): number {
  return shape === "step" ? monthly[civilDate(day).month0] : monthlyFactor(monthly, day);
}

/**
 * Expected orders on `days` consecutive days starting with the first warm-up day (index 0 is day
 * t = 0, dated startDate − warmupDays). Used by the engine, by safety-stock forecasts and by the
 * editor's seasonal preview.
 */
export function expectedOrdersCurve(demand: Demand, startDate: string, warmupDays: number, days: number): Float64Array {
  const out = new Float64Array(days);
  const start = epochDay(startDate);
  const trend = demand.trendPerYear ?? 0;
  const weekly = demand.weekly;
  const monthly = demand.monthly;
  const step = demand.monthlyShape === "step";
  const logGrowth = Math.log1p(trend);
  for (let t = 0; t < days; t++) {
    const tp = t - warmupDays;
    const day = start + tp;
    let v = demand.ordersPerDay;
    if (weekly) v *= weekly[weekdayOf(day)];
    if (monthly) v *= step ? monthly[civilDate(day).month0] : monthlyFactor(monthly, day);
    if (trend !== 0) v *= Math.exp((logGrowth * tp) / 365);
    out[t] = v;
  }
  for (const s of demand.shocks ?? []) {
    if (!isScheduledShock(s)) continue;
    const from = Math.max(0, warmupDays + s.startDay);
    const to = Math.min(days, warmupDays + s.startDay + s.durationDays);
    for (let t = from; t < to; t++) out[t] *= s.multiplier;
  }
  return out;
}

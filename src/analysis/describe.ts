/**
 * Plain-language figures for decision summaries: money and rate differences with their 95 %
 * uncertainty, rounded to what the uncertainty allows ("$12,400 ± 1,900", "3.1 points lower"), and
 * "no clear difference" when the interval includes zero.
 */
import type { Metric } from "../engine/metrics.ts";
import { halfWidth } from "./summary.ts";

export interface DiffLike {
  mean: number;
  ci95: [number, number];
}

/** Whether a paired difference is distinguishable from zero at 95 %. */
export function isClear(d: DiffLike): boolean {
  return d.ci95[0] > 0 || d.ci95[1] < 0 || (d.ci95[0] === d.ci95[1] && d.mean !== 0);
}

/**
 * Rounding step for a figure with 95 % half-width `halfWidth`: the half-width to one significant
 * digit, or two when it starts with 1 or 2 (the usual metrology rule), never finer than `finest`.
 */
export function roundingStep(halfWidth: number, finest: number): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) return finest;
  const e = Math.floor(Math.log10(halfWidth));
  const lead = halfWidth / 10 ** e;
  return Math.max(finest, 10 ** (lead < 3 ? e - 1 : e));
}

function roundTo(x: number, step: number): number {
  const r = Math.round(x / step) * step;
  return Object.is(r, -0) ? 0 : r;
}

function decimalsOf(step: number): number {
  return step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
}

/** "$12,400" in the scenario's currency (falls back to "12,400 XYZ" for unknown codes). */
export function formatMoney(x: number, currency: string, decimals = 0): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: decimals, minimumFractionDigits: decimals }).format(x);
  } catch {
    return `${formatNumber(x, decimals)} ${currency}`;
  }
}

export function formatNumber(x: number, decimals = 0): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: decimals, minimumFractionDigits: decimals }).format(x);
}

/** "97.3 %" */
export function formatPercent(rate: number, decimals = 1): string {
  return `${formatNumber(rate * 100, decimals)} %`;
}

const RATE_WORDS: Partial<Record<Metric, string>> = {
  fillRate: "fill rate",
  backorderRate: "backorder rate",
  cancellationRate: "cancellations",
  backorderCancellationRate: "cancellations among waiting customers",
  lostSalesRate: "lost sales",
  promiseKeptRate: "promises kept",
  stockoutDayFraction: "stock-out days",
};

/** Human name of a metric. */
export function metricLabel(m: Metric): string {
  return RATE_WORDS[m] ?? m.replace(/([A-Z])/g, " $1").toLowerCase();
}

/** "earns $12,400 ± 1,900 more profit" / "no clear difference in profit". */
export function describeMoneyDiff(d: DiffLike, currency: string, what = "profit", verbs: [string, string] = ["earns", "earns"]): string {
  const hw = halfWidth(d);
  if (!isClear(d)) return `no clear difference in ${what}`;
  const step = roundingStep(hw, Math.abs(d.mean) < 10 ? 0.01 : 1);
  const dec = decimalsOf(step);
  const amount = formatMoney(roundTo(Math.abs(d.mean), step), currency, dec);
  const pm = hw > 0 ? ` ± ${formatNumber(roundTo(hw, step), dec)}` : "";
  return `${d.mean > 0 ? verbs[0] : verbs[1]} ${amount}${pm} ${d.mean > 0 ? "more" : "less"} ${what}`;
}

/** "backorder rate 3.1 ± 0.4 points lower" / "no clear difference in backorder rate". */
export function describeRateDiff(d: DiffLike, metric: Metric): string {
  const label = metricLabel(metric);
  if (!isClear(d)) return `no clear difference in ${label}`;
  const hw = halfWidth(d) * 100;
  const step = roundingStep(hw, 0.01);
  const dec = decimalsOf(step);
  const pm = hw > 0 ? ` ± ${formatNumber(roundTo(hw, step), dec)}` : "";
  const pts = formatNumber(roundTo(Math.abs(d.mean) * 100, step), dec);
  return `${label} ${pts}${pm} points ${d.mean > 0 ? "higher" : "lower"}`;
}

/** "3.2 ± 0.5 days longer" style for plain quantities with a unit. */
export function describeQuantityDiff(d: DiffLike, label: string, unit: string, more = "higher", less = "lower"): string {
  if (!isClear(d)) return `no clear difference in ${label}`;
  const hw = halfWidth(d);
  const step = roundingStep(hw, 0.01);
  const dec = decimalsOf(step);
  const pm = hw > 0 ? ` ± ${formatNumber(roundTo(hw, step), dec)}` : "";
  return `${label} ${formatNumber(roundTo(Math.abs(d.mean), step), dec)}${pm}${unit ? " " + unit : ""} ${d.mean > 0 ? more : less}`;
}

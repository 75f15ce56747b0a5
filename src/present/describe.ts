/**
 * Plain-language figures for decision summaries: money and rate differences with their 95 %
 * uncertainty, rounded to what the uncertainty allows ("$12,400 ± 1,900", "3.1 points lower"), and
 * "no clear difference" when the interval includes zero.
 */
import type { Metric } from "../engine/metrics.ts";
import { metricLabel } from "../format/metrics.ts";
import { decimalsOf, formatMoney, formatNumber, plusMinus, roundingStep, roundTo } from "../format/number.ts";
import { halfWidth, isClear, type DiffLike } from "../analysis/summary.ts";

/** "earns $12,400 ± 1,900 more profit" / "no clear difference in profit". */
export function describeMoneyDiff(d: DiffLike, currency: string, what = "profit", verbs: [string, string] = ["earns", "earns"]): string {
  const hw = halfWidth(d);
  if (!isClear(d)) return `no clear difference in ${what}`;
  const step = roundingStep(hw, Math.abs(d.mean) < 10 ? 0.01 : 1);
  const dec = decimalsOf(step);
  const amount = formatMoney(roundTo(Math.abs(d.mean), step), currency, dec);
  const pm = plusMinus(hw, step);
  return `${d.mean > 0 ? verbs[0] : verbs[1]} ${amount}${pm} ${d.mean > 0 ? "more" : "less"} ${what}`;
}

/** "backorder rate 3.1 ± 0.4 points lower" / "no clear difference in backorder rate". */
export function describeRateDiff(d: DiffLike, metric: Metric): string {
  const label = metricLabel(metric);
  if (!isClear(d)) return `no clear difference in ${label}`;
  const hw = halfWidth(d) * 100;
  const step = roundingStep(hw, 0.01);
  const dec = decimalsOf(step);
  const pm = plusMinus(hw, step);
  const pts = formatNumber(roundTo(Math.abs(d.mean) * 100, step), dec);
  return `${label} ${pts}${pm} points ${d.mean > 0 ? "higher" : "lower"}`;
}

/** "3.2 ± 0.5 days longer" style for plain quantities with a unit. */
export function describeQuantityDiff(d: DiffLike, label: string, unit: string, more = "higher", less = "lower"): string {
  if (!isClear(d)) return `no clear difference in ${label}`;
  const hw = halfWidth(d);
  const step = roundingStep(hw, 0.01);
  const dec = decimalsOf(step);
  const pm = plusMinus(hw, step);
  return `${label} ${formatNumber(roundTo(Math.abs(d.mean), step), dec)}${pm}${unit ? " " + unit : ""} ${d.mean > 0 ? more : less}`;
}

/**
 * A comparison in words (the command line's compare, its --json, the app's Compare view): each
 * variant's key differences from the baseline, and where a profit gap comes from.
 */
import type { Metric } from "../engine/metrics.ts";
import { PROFIT_PARTS, type CalendarField, type CalendarNote, type Comparison, type MetricDiff } from "../analysis/compare.ts";
import { describeMoneyDiff, describeQuantityDiff, describeRateDiff } from "./describe.ts";
import { isClear } from "../analysis/summary.ts";
import { metricLabel } from "../format/metrics.ts";
import { formatMoney, roundingStep } from "../format/number.ts";

/** Key differences in words: profit, then service (backorders, fill rate, cancellations, lost sales). */
export function describeVariant(name: string, baseline: string, diff: Record<Metric, MetricDiff>, currency: string): string {
  const parts: string[] = [];
  const clear: string[] = [];
  const unclear: string[] = [];
  const add = (ok: boolean, text: string, label: string) => (ok ? clear.push(text) : unclear.push(label));
  add(isClear(diff.profit), describeMoneyDiff(diff.profit, currency), "profit");
  for (const m of ["backorderRate", "fillRate", "cancellationRate", "lostSalesRate"] as const) {
    const text = describeRateDiff(diff[m], m);
    add(isClear(diff[m]), text, text.replace("no clear difference in ", ""));
  }
  if (isClear(diff.avgWaitDays)) clear.push(describeQuantityDiff(diff.avgWaitDays, "average wait", "days", "longer", "shorter"));
  if (clear.length === 0) return `${name}: no clear difference from ${baseline} in profit or service`;
  parts.push(`${name} ${clear.join("; ")}`);
  if (unclear.length) parts.push(`no clear difference in ${unclear.join(", ")}`);
  return parts.join("; ") + ` (vs ${baseline}, 95 % intervals)`;
}

/**
 * Where a profit gap comes from, in words: each part's effect on profit (a cost that rises lowers
 * it), largest first, the parts that move it by under 1 % of the gap left out. "" when there is no gap.
 */
export function profitGapWords(diff: Partial<Record<Metric, { mean: number; ci95?: [number, number] }>>, currency: string): string {
  const gap = diff.profit?.mean ?? 0;
  // Every amount rounded as the profit difference is in the sentence beside it ("€627,000 ± 10,000").
  const ci = diff.profit?.ci95;
  const step = ci ? roundingStep((ci[1] - ci[0]) / 2, 1) : 1;
  const round = (v: number) => Math.round(v / step) * step;
  const parts = PROFIT_PARTS.map((p) => ({ ...p, effect: p.sign * (diff[p.m]?.mean ?? 0) }))
    .filter((p) => Math.abs(p.effect) >= Math.max(0.005, 0.01 * Math.abs(gap)))
    .sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect));
  if (parts.length === 0) return "";
  const money = (v: number) => `${v >= 0 ? "+" : "−"}${formatMoney(Math.abs(round(v)), currency)}`;
  const word = (p: (typeof parts)[number]) =>
    p.m === "revenue" ? `revenue ${money(p.effect)}` : `${metricLabel(p.m)} ${p.effect < 0 ? "higher" : "lower"} (${money(p.effect)} to profit)`;
  return `Profit ${money(gap)}: ${parts.map(word).join(", ")}.`;
}

/** The comparison as `compare --json` writes it: each variant with its `summary` in words. */
export function comparisonInWords(c: Comparison) {
  return { ...c, variants: c.variants.map((v) => ({ ...v, summary: describeVariant(v.name, c.baseline.name, v.diff, c.currency) })) };
}

const CALENDAR_WORDS: Record<CalendarField, string> = { warmupDays: "warm-up days", horizonDays: "days simulated", startDate: "start date" };

/** "“Lean” runs on the shared calendar: warm-up days 84 instead of 60." */
export function calendarNoteText(n: CalendarNote): string {
  return `“${n.name}” runs on the shared calendar: ${n.changes.map((c) => `${CALENDAR_WORDS[c.field]} ${c.to} instead of ${c.from}`).join(", ")}.`;
}

/**
 * The human-readable simulation report of `simulate` and `merge`: total KPIs with mean, 95 % CI and
 * the p5–p95 range across runs, then a short per-product table of means, each ± the half-width of
 * its 95 % confidence interval.
 */
import type { Metric } from "../engine/metrics.ts";
import type { SimulationResult } from "../analysis/result.ts";
import { halfWidth, type Summary } from "../analysis/summary.ts";
import { formatMoney, formatNumber, formatPercent } from "../format/number.ts";
import { METRIC_INFO, metricHeading, type MetricKind as Kind } from "../format/metrics.ts";
import { table } from "./decisionCommon.ts";

/** The totals shown, in this order; labels and kinds come from the metric catalogue. */
const TOTAL_ROWS: readonly Metric[] = [
  ...(["profit", "revenue"] as const),
  ...(["fillRate", "backorderRate", "cancellationRate", "lostSalesRate", "promiseKeptRate"] as const),
  ...(["avgWaitDays", "stockoutDayFraction", "avgOnHand", "avgBackorderedUnits"] as const),
  ...(["ordersAttempted", "ordersBackordered", "ordersCancelled", "endingOnHand"] as const),
];

function fmt(kind: Kind, x: number, currency: string): string {
  if (!Number.isFinite(x)) return "–";
  switch (kind) {
    case "money":
      return formatMoney(x, currency, Math.abs(x) < 100 ? 2 : 0);
    case "rate":
      return formatPercent(x);
    case "count":
      return formatNumber(x, Math.abs(x) < 100 ? 1 : 0);
    case "quantity":
      return formatNumber(x, Math.abs(x) < 10 ? 2 : 1);
    default: {
      const _: never = kind;
      return String(_);
    }
  }
}

const interval = (kind: Kind, lo: number, hi: number, c: string) => `${fmt(kind, lo, c)} – ${fmt(kind, hi, c)}`;

/** The mean ± the half-width of its 95 % confidence interval (percentage points for rates). */
function withSpread(kind: Kind, s: Summary, c: string): string {
  const mean = fmt(kind, s.mean, c);
  const h = halfWidth(s);
  if (!Number.isFinite(s.mean) || !Number.isFinite(h)) return mean;
  // As many decimals as the mean shows (rates: one of a percentage point, two when below 0.1).
  const half =
    kind === "rate"
      ? formatNumber(h * 100, h * 100 < 0.1 ? 2 : 1)
      : kind === "money"
        ? formatMoney(h, c, h < 1 ? 2 : 0)
        : formatNumber(h, Math.abs(s.mean) < 10 ? 2 : 1);
  return `${mean} ±${half}`;
}

export function renderSimulation(r: SimulationResult, currency: string): string {
  const rows = TOTAL_ROWS.map((metric) => {
    const s: Summary = r.total[metric];
    const kind = METRIC_INFO[metric].kind;
    return [metricHeading(metric), fmt(kind, s.mean, currency), interval(kind, s.ci95[0], s.ci95[1], currency), interval(kind, s.p05, s.p95, currency)];
  });
  const ids = Object.keys(r.products);
  const shown = ids.slice(0, 25);
  const productRows = shown.map((id) => {
    const p = r.products[id];
    return [
      id,
      withSpread("rate", p.fillRate, currency),
      withSpread("rate", p.backorderRate, currency),
      withSpread("rate", p.cancellationRate, currency),
      withSpread("quantity", p.avgWaitDays, currency),
      withSpread("quantity", p.avgOnHand, currency),
      withSpread("money", p.profit, currency),
    ];
  });
  const speed = r.skuDaysPerSecond > 0 ? `, ${formatNumber(r.skuDaysPerSecond / 1e6, 2)} M product-days/s` : "";
  const where = r.workers > 0 ? `${r.workers} worker${r.workers === 1 ? "" : "s"}` : "in-thread";
  const lines = [
    `${r.scenario}: ${formatNumber(r.runs)} runs × ${r.horizonDays} days, seed ${JSON.stringify(r.seed)} (${where}, ${formatNumber(r.elapsedMs / 1000, 1)} s${speed})`,
  ];
  if (r.precision) {
    const p = r.precision;
    lines.push(
      p.reached
        ? `precision reached: 95 % CI of mean ${p.metric} within ±${formatPercent(p.achieved, 2)} after ${formatNumber(p.runsUsed)} runs (target ±${formatPercent(p.target, 2)})`
        : `precision NOT reached: ±${formatPercent(p.achieved, 2)} after the maximum of ${formatNumber(p.maxRuns)} runs (target ±${formatPercent(p.target, 2)})`,
    );
  }
  lines.push(
    "",
    table(["total per run", "mean", "95 % CI of mean", "p5 – p95 of runs"], rows, ["l", "r", "r", "r"]),
    "",
    table(["product", "fill rate", "backorder", "cancelled", "wait (d)", "on hand", "profit"], productRows, ["l", "r", "r", "r", "r", "r", "r"]),
  );
  lines.push("per product: mean across runs ± half-width of its 95 % confidence interval (percentage points for rates)");
  if (ids.length > shown.length) lines.push(`… and ${ids.length - shown.length} more products (use --json for all)`);
  return lines.join("\n");
}

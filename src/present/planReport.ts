/**
 * A catalogue plan as people read it: its summary in sentences, and one CSV row per product for a
 * spreadsheet or an ERP upload (levels, safety stock, each figure with its 95 % interval, the
 * backorder setting and its reason).
 */
import type { Estimate, SkuPlan } from "../analysis/plan.ts";
import type { AggregatePlan, PlanSummary } from "../analysis/planReport.ts";
import { formatCount, formatMoney, formatPercent } from "../format/number.ts";
import { toCsv, type CsvValue } from "../io/csvWrite.ts";
import { backorderReasonText } from "./backorderWords.ts";

/** The summary in two or three sentences. */
export function describePlanSummary(s: PlanSummary, currency: string): string {
  const parts = [
    `${formatCount(s.products)} products planned: ${formatCount(s.byStatus.settled)} settled, ${formatCount(s.byStatus.close)} close calls (the level below is within noise of the target)${s.byStatus.minimum ? `, ${formatCount(s.byStatus.minimum)} already at the lowest level` : ""}${s.byStatus.unreachable ? `, ${formatCount(s.byStatus.unreachable)} cannot reach the target by stock alone` : ""}.`,
    `${formatCount(s.raised)} levels go up, ${formatCount(s.lowered)} down, ${formatCount(s.unchanged)} stay.`,
    `Stock at unit cost: ${formatMoney(s.stockValue.mean, currency)} ± ${formatMoney((s.stockValue.ci95[1] - s.stockValue.ci95[0]) / 2, currency)}${s.currentStockValue !== null ? ` (now ${formatMoney(s.currentStockValue, currency)})` : ""}; the catalogue ships ${formatPercent(s.fillRate)} of units from stock${s.currentFillRate !== null ? ` (now ${formatPercent(s.currentFillRate)})` : ""}.`,
  ];
  if (s.backorders) {
    const b = s.backorders;
    parts.push(
      `Backorders: allow for ${formatCount(b.allow)}, cap the quoted wait for ${formatCount(b.cap)}, refuse for ${formatCount(b.deny)} (${formatCount(b.changed)} change); applying them all changes profit by ${b.profitChange.mean >= 0 ? "+" : "−"}${formatMoney(Math.abs(b.profitChange.mean), currency)} ± ${formatMoney((b.profitChange.ci95[1] - b.profitChange.ci95[0]) / 2, currency)} per run.`,
    );
  }
  return parts.join(" ");
}

const CSV_HEADER = [
  "id",
  "name",
  "category",
  "class",
  "target",
  "parameter",
  "policy",
  "current_level",
  "planned_level",
  "reorder_point",
  "order_up_to",
  "safety_stock_units",
  "safety_stock_days",
  "fill_rate",
  "fill_rate_low",
  "fill_rate_high",
  "backorder_rate",
  "backorder_rate_low",
  "backorder_rate_high",
  "cancellation_rate",
  "cancellation_rate_low",
  "cancellation_rate_high",
  "stockout_days",
  "stockout_days_low",
  "stockout_days_high",
  "avg_stock_units",
  "avg_stock_units_low",
  "avg_stock_units_high",
  "avg_stock_value",
  "avg_stock_value_low",
  "avg_stock_value_high",
  "current_fill_rate",
  "status",
  "runs",
  "confidence",
  "backorders_now",
  "backorders_recommended",
  "backorders_profit_change",
  "backorders_profit_change_low",
  "backorders_profit_change_high",
  "backorders_reason",
];

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const r2 = (x: number) => Math.round(x * 100) / 100;
const est = (e: Estimate, round: (x: number) => number): CsvValue[] => [round(e.mean), round(e.ci95[0]), round(e.ci95[1])];

/** One row per product: levels, safety stock, and each figure with its 95 % interval. */
export function planCsv(plans: SkuPlan[], currency: string, aggregate?: AggregatePlan): string {
  const agg = aggregate ? new Map(aggregate.levels.map((x) => [x.id, x.value])) : null;
  const rows: CsvValue[][] = [agg ? [...CSV_HEADER, "aggregate_level"] : CSV_HEADER];
  for (const p of plans) {
    const k = p.planned_kpis;
    rows.push([
      p.id,
      p.name,
      p.category ?? "",
      p.class === "*" ? "" : p.class,
      p.target,
      p.param,
      p.policyKind,
      p.current,
      p.planned,
      p.reorderPoint,
      p.orderUpTo,
      r2(p.safetyStock.units),
      r2(p.safetyStock.days),
      ...est(k.fillRate, r4),
      ...est(k.backorderRate, r4),
      ...est(k.cancellationRate, r4),
      ...est(k.stockoutDays, r2),
      ...est(k.avgStock, r2),
      ...est(k.avgStockValue, r2),
      p.current_kpis ? r4(p.current_kpis.fillRate.mean) : null,
      p.status,
      k.runs,
      p.confidence,
      p.backorders?.current ?? null,
      p.backorders?.label ?? null,
      ...(p.backorders ? est(p.backorders.profitChange, r2) : [null, null, null]),
      p.backorders ? backorderReasonText(p.name, p.backorders.why, currency) : null,
      ...(agg ? [agg.get(p.id) ?? null] : []),
    ]);
  }
  return toCsv(rows, { bom: true });
}

/**
 * A catalogue plan as people read it: its summary in sentences, and one CSV row per product for a
 * spreadsheet or an ERP upload (levels, safety stock, each figure with its 95 % interval, the
 * backorder setting and its reason).
 */
import type { Estimate, LevelFigures, PlanConfidence, ServiceTarget } from "../analysis/plan.ts";
import type { AggregatePlan, PlanSummary, StoredSkuPlan } from "../analysis/planReport.ts";
import type { LevelParam } from "../analysis/policyLevel.ts";
import { formatLevel, levelParamWords } from "./levelWords.ts";
import { metricLabel } from "../format/metrics.ts";
import { formatCount, formatMoney, formatNumber, formatPercent } from "../format/number.ts";
import { toCsv, type CsvValue } from "../io/csvWrite.ts";
import { backorderReasonText, backordersText } from "./backorderWords.ts";

/** How sure a product's answer is, in one sentence (the CSV's `confidence`, the app's tooltip on its row). */
export function planConfidenceText(p: Pick<StoredSkuPlan, "param" | "confidence">): string {
  // Plan files written before the answer was returned as data carry the sentence itself.
  return typeof p.confidence === "string" ? p.confidence : confidenceSentence(p.confidence, p.param);
}

function confidenceSentence(c: PlanConfidence, param: LevelParam): string {
  const level = (x: { value: number }) => formatLevel(x.value, param);
  const interval = (x: LevelFigures) => `${formatPercent(x.ci95[0], 2)}–${formatPercent(x.ci95[1], 2)}`;
  const what = (t: ServiceTarget) => `${metricLabel(t.metric)} ${t.op === ">=" ? "≥" : "≤"} ${formatPercent(t.target)}`;
  switch (c.kind) {
    case "unreachable":
      return `No level tried reaches ${what(c.target)}: at ${level(c.highest)}, ${metricLabel(c.target.metric)} is ${formatPercent(c.highest.mean)}; the target cannot be met by stock alone (look at the backorder setting, the customers' patience or the supplier).`;
    case "minimum":
      return `The lowest possible ${levelParamWords(param)}, ${level(c.level)}, already gives ${metricLabel(c.target.metric)} ${formatPercent(c.level.mean)} (${what(c.target)}).`;
    case "settled":
      return `Settled: ${level(c.meets)} gives ${metricLabel(c.target.metric)} ${interval(c.meets)} and ${level(c.below)} gives ${interval(c.below)} (95 % intervals, ${c.meets.runs} runs), so ${level(c.meets)} is the least level for ${what(c.target)}.`;
    case "close":
      return `Close call: ${level(c.meets)} meets ${what(c.target)} on average (${interval(c.meets)}) and ${level(c.below)} misses it on average (${interval(c.below)}), but after ${Math.max(c.meets.runs, c.below.runs)} runs ${level(c.noisy === "meets" ? c.meets : c.below)} is still within noise of the target; either level is defensible.`;
    case "leastCost": {
      const rest = !c.clear
        ? "; a neighbouring level costs about the same"
        : c.neighbours === 2
          ? "; both neighbours clearly cost more"
          : c.neighbours === 1
            ? "; the neighbouring level clearly costs more"
            : "; it is the only level possible";
      return `${formatLevel(c.level, param)} has the least cost, ${formatNumber(c.costPerDay, 2)} a day (holding, penalties, ordering)${rest}.`;
    }
    default: {
      const _: never = c;
      return _;
    }
  }
}

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
export function planCsv(plans: StoredSkuPlan[], currency: string, aggregate?: AggregatePlan): string {
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
      planConfidenceText(p),
      p.backorders ? backordersText(p.backorders.current) : null,
      p.backorders ? backordersText(p.backorders.recommended) : null,
      ...(p.backorders ? est(p.backorders.profitChange, r2) : [null, null, null]),
      p.backorders ? backorderReasonText(p.name, p.backorders.why, currency) : null,
      ...(agg ? [agg.get(p.id) ?? null] : []),
    ]);
  }
  return toCsv(rows, { bom: true });
}

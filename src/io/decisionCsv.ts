/**
 * The app's answers as spreadsheet tables a planner reads as they are: one row per product (KPIs),
 * per level (Optimise), per product and option (Backorder policy), per scenario (Compare) or per input
 * and direction (Sensitivity), with
 * names beside ids and rounded figures — money to the cent, rates in percent with two decimals
 * (`_pct` columns), days and units to one decimal — and each mean's 95 % interval as `_low` / `_high`
 * columns. The long KPI format with every statistic stays in exportCsv.ts.
 */
import type { Metric } from "../engine/metrics.ts";
import type { SimulationResult } from "../analysis/result.ts";
import type { Summary } from "../analysis/summary.ts";
import type { OptimizeResult } from "../analysis/optimize.ts";
import type { RecommendResult } from "../analysis/recommend.ts";
import type { Comparison, MetricDiff } from "../analysis/compare.ts";
import { backordersLabel } from "../analysis/recommend.ts";
import { SENSITIVITY_METRICS, type SensitivityResult } from "../analysis/sensitivity.ts";
import { levelParamWords } from "../analysis/policyLevel.ts";
import { toCsv, type CsvOptions, type CsvValue } from "./csvWrite.ts";

type Kind = "money" | "rate" | "num";

/** Rounded for reading: cents for money, 0.01 % for rates (given as percent), 0.1 for the rest. */
export function roundFor(kind: Kind, v: number | undefined): number | null {
  if (v === undefined || !Number.isFinite(v)) return null;
  const x = kind === "rate" ? v * 100 : v;
  const step = kind === "num" ? 10 : 100;
  const r = Math.round(x * step) / step;
  return Object.is(r, -0) ? 0 : r;
}

/** The columns of one metric: `<name>`, `<name>_low`, `<name>_high` (rates with a `_pct` suffix). */
interface Col {
  m: Metric;
  name: string;
  kind: Kind;
  /** Also the 95 % interval's ends. */
  ci?: boolean;
}

const KPI_COLS: Col[] = [
  { m: "revenue", name: "revenue", kind: "money" },
  { m: "profit", name: "profit", kind: "money", ci: true },
  { m: "fillRate", name: "fill_rate_pct", kind: "rate", ci: true },
  { m: "backorderRate", name: "backorder_rate_pct", kind: "rate" },
  { m: "cancellationRate", name: "cancellation_rate_pct", kind: "rate" },
  { m: "lostSalesRate", name: "lost_sales_rate_pct", kind: "rate" },
  { m: "promiseKeptRate", name: "promises_kept_pct", kind: "rate" },
  { m: "stockoutDayFraction", name: "stockout_days_pct", kind: "rate" },
  { m: "avgWaitDays", name: "avg_wait_days", kind: "num" },
  { m: "avgOnHand", name: "avg_on_hand_units", kind: "num" },
  { m: "unitsDemanded", name: "units_demanded", kind: "num" },
  { m: "unitsShipped", name: "units_shipped", kind: "num" },
  { m: "unitsLost", name: "units_lost", kind: "num" },
  { m: "purchaseCost", name: "purchase_cost", kind: "money" },
  { m: "holdingCost", name: "holding_cost", kind: "money" },
  { m: "orderingCost", name: "ordering_cost", kind: "money" },
  { m: "shippingCost", name: "shipping_cost", kind: "money" },
  { m: "penaltyCost", name: "penalty_cost", kind: "money" },
];

function header(cols: Col[], suffix = ""): string[] {
  return cols.flatMap((c) => {
    const pct = c.name.endsWith("_pct") ? "_pct" : "";
    const stem = (pct ? c.name.slice(0, -4) : c.name) + suffix;
    return c.ci ? [stem + pct, `${stem}_low${pct}`, `${stem}_high${pct}`] : [stem + pct];
  });
}

function cells(cols: Col[], rec: Partial<Record<Metric, Summary | MetricDiff>> | undefined): CsvValue[] {
  return cols.flatMap((c) => {
    const s = rec?.[c.m];
    const mean = roundFor(c.kind, s?.mean);
    return c.ci ? [mean, roundFor(c.kind, s?.ci95[0]), roundFor(c.kind, s?.ci95[1])] : [mean];
  });
}

export interface ProductInfo {
  id: string;
  name: string;
  category?: string;
}

/**
 * KPIs per product, wide: one row per product (the shop's total first, as "(all products)") with its
 * name and category, one column per figure.
 */
export function kpiWideCsv(result: Pick<SimulationResult, "total" | "products">, products: readonly ProductInfo[], opts: CsvOptions = {}): string {
  const rows: CsvValue[][] = [["product", "name", "category", ...header(KPI_COLS)]];
  rows.push(["(all products)", "All products", "", ...cells(KPI_COLS, result.total)]);
  const known = new Set<string>();
  for (const p of products) {
    if (!result.products[p.id]) continue;
    known.add(p.id);
    rows.push([p.id, p.name, p.category ?? "", ...cells(KPI_COLS, result.products[p.id])]);
  }
  for (const [id, rec] of Object.entries(result.products)) if (!known.has(id)) rows.push([id, id, "", ...cells(KPI_COLS, rec)]);
  return toCsv(rows, opts);
}

const LEVEL_COLS: Col[] = [
  { m: "costPerDay", name: "cost_per_day", kind: "money", ci: true },
  { m: "profit", name: "profit", kind: "money", ci: true },
  { m: "fillRate", name: "fill_rate_pct", kind: "rate", ci: true },
  { m: "backorderRate", name: "backorder_rate_pct", kind: "rate", ci: true },
  { m: "lostSalesRate", name: "lost_sales_rate_pct", kind: "rate" },
  { m: "avgOnHand", name: "avg_on_hand_units", kind: "num", ci: true },
  { m: "holdingCost", name: "holding_cost", kind: "money" },
  { m: "penaltyCost", name: "penalty_cost", kind: "money" },
  { m: "orderingCost", name: "ordering_cost", kind: "money" },
];

/**
 * Optimise: one row per level simulated. `safetyStockUnits` gives, for a safety stock set as a
 * service level, the units it stands for (mean over the horizon) at each level.
 */
export function optimiseCsv(r: OptimizeResult, opts: CsvOptions & { safetyStockUnits?: (level: number) => number | null } = {}): string {
  const serviceLevel = r.param === "safetyStock.serviceLevel";
  const head = ["product", "name", "parameter", serviceLevel ? "level_pct" : "level", ...(serviceLevel ? ["safety_stock_units"] : []), "best", "current", ...header(LEVEL_COLS), "meets_target"];
  const rows: CsvValue[][] = [head];
  for (const g of r.grid) {
    rows.push([
      r.product,
      r.productName,
      levelParamWords(r.param),
      serviceLevel ? roundFor("rate", g.value) : g.value,
      ...(serviceLevel ? [roundFor("num", opts.safetyStockUnits?.(g.value) ?? undefined)] : []),
      g.value === r.best.value ? "yes" : "",
      g.value === r.current ? "yes" : "",
      ...cells(LEVEL_COLS, g.product),
      g.meets ? (g.meets.ci ? "surely" : g.meets.mean ? "on average" : "no") : "",
    ]);
  }
  return toCsv(rows, opts);
}

const OPTION_COLS: Col[] = [
  { m: "profit", name: "profit", kind: "money", ci: true },
  { m: "fillRate", name: "fill_rate_pct", kind: "rate" },
  { m: "lostSalesRate", name: "lost_sales_rate_pct", kind: "rate" },
  { m: "backorderCancellationRate", name: "waiting_who_cancel_pct", kind: "rate" },
  { m: "promiseKeptRate", name: "promises_kept_pct", kind: "rate" },
  { m: "avgWaitDays", name: "avg_wait_days", kind: "num" },
];

/** Backorder policy: one row per product and option, the recommended one marked, its reason on that row. */
export function recommendCsv(r: RecommendResult, opts: CsvOptions = {}): string {
  const rows: CsvValue[][] = [
    ["product", "name", "category", "now", "recommended", "option", "chosen", ...header(OPTION_COLS), "profit_vs_refusing", "profit_vs_refusing_low", "profit_vs_refusing_high", "within_guardrails", "guardrails_broken", "reason"],
  ];
  for (const [id, p] of Object.entries(r.products)) {
    for (const o of p.options) {
      const chosen = o.label === p.recommendedLabel;
      const waited = o.total.ordersBackordered.mean > 0;
      const t: Partial<Record<Metric, Summary>> = { ...o.total };
      if (!waited) {
        delete t.backorderCancellationRate;
        delete t.promiseKeptRate;
        delete t.avgWaitDays;
      }
      const deny = o.backorders.mode === "deny";
      rows.push([
        id,
        p.name,
        p.category ?? "",
        backordersLabel(p.current),
        p.recommendedLabel,
        o.label,
        chosen ? "yes" : "",
        ...cells(OPTION_COLS, t),
        deny ? 0 : roundFor("money", o.profitVsDeny.mean),
        deny ? 0 : roundFor("money", o.profitVsDeny.ci95[0]),
        deny ? 0 : roundFor("money", o.profitVsDeny.ci95[1]),
        o.withinGuardrails ? "yes" : "no",
        o.breaches.join("; "),
        chosen ? p.reason : "",
      ]);
    }
  }
  return toCsv(rows, opts);
}

const COMPARE_COLS: Col[] = [
  { m: "profit", name: "profit", kind: "money", ci: true },
  { m: "revenue", name: "revenue", kind: "money" },
  { m: "fillRate", name: "fill_rate_pct", kind: "rate", ci: true },
  { m: "backorderRate", name: "backorder_rate_pct", kind: "rate", ci: true },
  { m: "cancellationRate", name: "cancellation_rate_pct", kind: "rate" },
  { m: "lostSalesRate", name: "lost_sales_rate_pct", kind: "rate" },
  { m: "promiseKeptRate", name: "promises_kept_pct", kind: "rate" },
  { m: "avgWaitDays", name: "avg_wait_days", kind: "num" },
  { m: "avgOnHand", name: "avg_on_hand_units", kind: "num" },
  { m: "purchaseCost", name: "purchase_cost", kind: "money" },
  { m: "holdingCost", name: "holding_cost", kind: "money" },
  { m: "orderingCost", name: "ordering_cost", kind: "money" },
  { m: "shippingCost", name: "shipping_cost", kind: "money" },
  { m: "penaltyCost", name: "penalty_cost", kind: "money" },
];

/** Compare: one row per scenario (baseline first), its figures, then its paired difference from the baseline. */
export function compareCsv(c: Comparison, opts: CsvOptions = {}): string {
  const diffCols = COMPARE_COLS.map((x) => ({ ...x, ci: true }));
  const rows: CsvValue[][] = [["scenario", "role", ...header(COMPARE_COLS), ...header(diffCols, "_vs_baseline")]];
  rows.push([c.baseline.name, "baseline", ...cells(COMPARE_COLS, c.baseline.total), ...diffCols.flatMap(() => [0, 0, 0])]);
  for (const v of c.variants) rows.push([v.name, "variant", ...cells(COMPARE_COLS, v.total), ...cells(diffCols, v.diff)]);
  return toCsv(rows, opts);
}

/** Sensitivity: one row per input and direction, its figures and their paired change from the scenario as it is. */
export function sensitivityCsv(r: SensitivityResult, opts: CsvOptions = {}): string {
  const cols = SENSITIVITY_METRICS.map((m): Col => ({ m, name: SENS_NAMES[m] ?? m, kind: m === "profit" ? "money" : "rate" }));
  const diffCols = cols.map((c) => ({ ...c, ci: true }));
  const rows: CsvValue[][] = [["input", "change_pct", "applicable", "what_moves", ...header(cols), ...header(diffCols, "_change")]];
  rows.push(["(as it is)", 0, "", "", ...cells(cols, r.base), ...diffCols.flatMap(() => [0, 0, 0])]);
  for (const b of r.inputs) {
    for (const side of [b.low, b.high]) {
      rows.push([b.label, roundFor("num", (side.factor - 1) * 100), b.applicable ? "yes" : "no", b.description, ...cells(cols, side.total), ...cells(diffCols, side.diff)]);
    }
  }
  return toCsv(rows, opts);
}

const SENS_NAMES: Partial<Record<Metric, string>> = {
  profit: "profit",
  fillRate: "fill_rate_pct",
  backorderRate: "backorder_rate_pct",
  cancellationRate: "cancellation_rate_pct",
};

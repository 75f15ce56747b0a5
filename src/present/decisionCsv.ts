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
import { SENSITIVITY_INPUT_LABELS, sensitivityDescription } from "./sensitivityWords.ts";
import type { RecommendResult } from "../analysis/recommend.ts";
import type { Comparison, MetricDiff } from "../analysis/compare.ts";
import { backordersCode } from "../analysis/recommend.ts";
import { backordersText } from "./backorderWords.ts";
import { SENSITIVITY_METRICS, type SensitivityResult } from "../analysis/sensitivity.ts";
import { levelParamWords } from "./levelWords.ts";
import { METRIC_INFO } from "../format/metrics.ts";
import { toCsv, type CsvOptions, type CsvValue } from "../io/csvWrite.ts";
import { backorderReasonText, breachesText } from "./backorderWords.ts";

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

/** A metric's columns, named and rounded as the metric catalogue says; `ci` adds the interval's ends. */
function col(m: Metric, ci = false): Col {
  const i = METRIC_INFO[m];
  const kind: Kind = i.kind === "rate" || i.kind === "money" ? i.kind : "num";
  return { m, name: i.kind === "rate" ? `${i.column}_pct` : i.column, kind, ...(ci ? { ci } : {}) };
}

const KPI_COLS: Col[] = [
  col("revenue"),
  col("profit", true),
  col("fillRate", true),
  col("backorderRate"),
  col("cancellationRate"),
  col("lostSalesRate"),
  col("promiseKeptRate"),
  col("stockoutDayFraction"),
  col("avgWaitDays"),
  col("avgOnHand"),
  col("unitsDemanded"),
  col("unitsShipped"),
  col("unitsLost"),
  col("purchaseCost"),
  col("holdingCost"),
  col("orderingCost"),
  col("shippingCost"),
  col("penaltyCost"),
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
  col("costPerDay", true),
  col("profit", true),
  col("fillRate", true),
  col("backorderRate", true),
  col("lostSalesRate"),
  col("avgOnHand", true),
  col("holdingCost"),
  col("penaltyCost"),
  col("orderingCost"),
];

/**
 * Optimise: one row per level simulated. `safetyStockUnits` gives, for a safety stock set as a
 * service level, the units it stands for (mean over the horizon) at each level.
 */
export function optimiseCsv(r: OptimizeResult, opts: CsvOptions & { safetyStockUnits?: (level: number) => number | null } = {}): string {
  const serviceLevel = r.param === "safetyStock.serviceLevel";
  const head = [
    "product",
    "name",
    "parameter",
    serviceLevel ? "level_pct" : "level",
    ...(serviceLevel ? ["safety_stock_units"] : []),
    "best",
    "current",
    ...header(LEVEL_COLS),
    "meets_target",
  ];
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
  col("profit", true),
  col("fillRate"),
  col("lostSalesRate"),
  col("backorderCancellationRate"),
  col("promiseKeptRate"),
  col("avgWaitDays"),
];

/** Backorder policy: one row per product and option, the recommended one marked, its reason on that row. */
export function recommendCsv(r: RecommendResult, opts: CsvOptions = {}): string {
  const rows: CsvValue[][] = [
    [
      "product",
      "name",
      "category",
      "now",
      "recommended",
      "option",
      "chosen",
      ...header(OPTION_COLS),
      "profit_vs_refusing",
      "profit_vs_refusing_low",
      "profit_vs_refusing_high",
      "within_guardrails",
      "guardrails_broken",
      "reason",
    ],
  ];
  for (const [id, p] of Object.entries(r.products)) {
    for (const o of p.options) {
      const chosen = o.code === backordersCode(p.recommended);
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
        backordersText(p.current),
        backordersText(p.recommended),
        backordersText(o.backorders),
        chosen ? "yes" : "",
        ...cells(OPTION_COLS, t),
        deny ? 0 : roundFor("money", o.profitVsDeny.mean),
        deny ? 0 : roundFor("money", o.profitVsDeny.ci95[0]),
        deny ? 0 : roundFor("money", o.profitVsDeny.ci95[1]),
        o.withinGuardrails ? "yes" : "no",
        breachesText(o.breaches).join("; "),
        chosen ? backorderReasonText(p.name, p.why, r.currency) : "",
      ]);
    }
  }
  return toCsv(rows, opts);
}

const COMPARE_COLS: Col[] = [
  col("profit", true),
  col("revenue"),
  col("fillRate", true),
  col("backorderRate", true),
  col("cancellationRate"),
  col("lostSalesRate"),
  col("promiseKeptRate"),
  col("avgWaitDays"),
  col("avgOnHand"),
  col("purchaseCost"),
  col("holdingCost"),
  col("orderingCost"),
  col("shippingCost"),
  col("penaltyCost"),
];

/**
 * Figures beside their paired differences from a reference row: the header (`lead` columns, the
 * figures, the differences named with `suffix`), the reference with differences 0, then each row.
 */
function withDifferences(
  lead: string[],
  cols: Col[],
  suffix: string,
  reference: { lead: CsvValue[]; total: Partial<Record<Metric, Summary>> },
  rows: { lead: CsvValue[]; total: Partial<Record<Metric, Summary>>; diff: Partial<Record<Metric, MetricDiff>> }[],
): CsvValue[][] {
  const diffCols = cols.map((c) => ({ ...c, ci: true }));
  return [
    [...lead, ...header(cols), ...header(diffCols, suffix)],
    [...reference.lead, ...cells(cols, reference.total), ...diffCols.flatMap(() => [0, 0, 0])],
    ...rows.map((r) => [...r.lead, ...cells(cols, r.total), ...cells(diffCols, r.diff)]),
  ];
}

/** Compare: one row per scenario (baseline first), its figures, then its paired difference from the baseline. */
export function compareCsv(c: Comparison, opts: CsvOptions = {}): string {
  const variants = c.variants.map((v) => ({ lead: [v.name, "variant"], total: v.total, diff: v.diff }));
  return toCsv(
    withDifferences(["scenario", "role"], COMPARE_COLS, "_vs_baseline", { lead: [c.baseline.name, "baseline"], total: c.baseline.total }, variants),
    opts,
  );
}

/** Sensitivity: one row per input and direction, its figures and their paired change from the scenario as it is. */
export function sensitivityCsv(r: SensitivityResult, opts: CsvOptions = {}): string {
  const sides = r.inputs.flatMap((b) =>
    [b.low, b.high].map((side) => ({
      lead: [SENSITIVITY_INPUT_LABELS[b.input], roundFor("num", (side.factor - 1) * 100), b.applicable ? "yes" : "no", sensitivityDescription(b)],
      total: side.total,
      diff: side.diff,
    })),
  );
  const cols = SENSITIVITY_METRICS.map((m) => col(m));
  return toCsv(
    withDifferences(["input", "change_pct", "applicable", "what_moves"], cols, "_change", { lead: ["(as it is)", 0, "", ""], total: r.base }, sides),
    opts,
  );
}

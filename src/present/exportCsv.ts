/**
 * Simulation results as CSV for spreadsheets.
 *
 * KPI summary: one row per (product, metric), columns product, metric, label, mean, sd, se,
 * ci95_low, ci95_high, p05, p50, p95, min, max; the scenario total comes first as product
 * "(total)". A planner filters or pivots it directly, it fits on a screen, and a new metric adds
 * rows rather than moving columns under existing formulas. The wide alternative (one row per
 * product, metric × statistic columns) would be ~300 columns across.
 *
 * Daily series: one row per simulated day (date, day, then <series>_mean, _p10, _p50, _p90), the
 * shape a spreadsheet charts directly; per-product daily means go to a second file of the same shape.
 */
import { metricLabel } from "../format/metrics.ts";
import type { SimulationResult } from "../analysis/result.ts";
import type { Summary } from "../analysis/summary.ts";
import { DAILY_SERIES, METRICS, PRODUCT_DAILY_SERIES, type Metric } from "../engine/metrics.ts";
import { toCsv, type CsvOptions, type CsvValue } from "../io/csvWrite.ts";

export const TOTAL_ROW = "(total)";

const SUMMARY_HEADER = ["product", "metric", "label", "mean", "sd", "se", "ci95_low", "ci95_high", "p05", "p50", "p95", "min", "max"];

function summaryRow(product: string, metric: Metric, s: Summary | undefined): CsvValue[] {
  if (!s) return [product, metric, metricLabel(metric)];
  return [product, metric, metricLabel(metric), s.mean, s.sd, s.se, s.ci95[0], s.ci95[1], s.p05, s.p50, s.p95, s.min, s.max];
}

/** Per-product KPI summary (long format, see above). */
export function kpiSummaryCsv(result: Pick<SimulationResult, "total" | "products">, opts: CsvOptions = {}): string {
  const rows: CsvValue[][] = [SUMMARY_HEADER];
  for (const m of METRICS) rows.push(summaryRow(TOTAL_ROW, m, result.total[m]));
  for (const [id, metrics] of Object.entries(result.products)) for (const m of METRICS) rows.push(summaryRow(id, m, metrics[m]));
  return toCsv(rows, opts);
}

const MS_PER_DAY = 86_400_000;

function dates(startDate: string, n: number): string[] {
  const start = Date.UTC(+startDate.slice(0, 4), +startDate.slice(5, 7) - 1, +startDate.slice(8, 10));
  return Array.from({ length: n }, (_, i) => new Date(start + i * MS_PER_DAY).toISOString().slice(0, 10));
}

/** Total-level daily bands: date, day, then mean/p10/p50/p90 of every daily series. */
export function dailySeriesCsv(result: Pick<SimulationResult, "daily">, opts: CsvOptions = {}): string {
  const { startDate, series } = result.daily;
  const names = DAILY_SERIES.filter((s) => series[s]);
  const n = Math.max(0, ...names.map((s) => series[s].mean.length));
  const header: CsvValue[] = ["date", "day"];
  for (const s of names) header.push(`${s}_mean`, `${s}_p10`, `${s}_p50`, `${s}_p90`);
  const rows: CsvValue[][] = [header];
  const ds = dates(startDate, n);
  for (let d = 0; d < n; d++) {
    const row: CsvValue[] = [ds[d], d];
    for (const s of names) {
      const b = series[s];
      row.push(b.mean[d], b.p10[d], b.p50[d], b.p90[d]);
    }
    rows.push(row);
  }
  return toCsv(rows, opts);
}

/** Per-product daily means: date, day, then <product>_<series> columns. */
export function productDailyCsv(result: Pick<SimulationResult, "daily" | "productDaily">, opts: CsvOptions = {}): string {
  const ids = Object.keys(result.productDaily);
  const cols: { name: string; values: number[] }[] = [];
  for (const id of ids)
    for (const s of PRODUCT_DAILY_SERIES) if (result.productDaily[id][s]) cols.push({ name: `${id}_${s}`, values: result.productDaily[id][s] });
  const n = Math.max(0, ...cols.map((c) => c.values.length));
  const ds = dates(result.daily.startDate, n);
  const rows: CsvValue[][] = [["date", "day", ...cols.map((c) => c.name)]];
  for (let d = 0; d < n; d++) rows.push([ds[d], d, ...cols.map((c) => c.values[d])]);
  return toCsv(rows, opts);
}

/** The CSV files of a result, by suggested file name. */
export function resultCsvFiles(result: SimulationResult, opts: CsvOptions = {}): Record<"summary.csv" | "daily.csv" | "product-daily.csv", string> {
  return {
    "summary.csv": kpiSummaryCsv(result, opts),
    "daily.csv": dailySeriesCsv(result, opts),
    "product-daily.csv": productDailyCsv(result, opts),
  };
}

/**
 * A SimulationResult with its per-product figures in two flat Float64Arrays instead of thousands of
 * small objects: how a result crosses from the worker that summarises it to the page, and how the app
 * keeps the last result in IndexedDB. A typed array is handed over or stored as one block of bytes,
 * where a catalogue's 60,000 summary objects took seconds to copy and rebuild on the page's thread.
 *
 * `unpackResult` gives back an ordinary SimulationResult whose `products[id]` and `productDaily[id]`
 * are built on first reading (each product's own, cached), so a table that shows 30 rows builds 30,
 * and JSON.stringify, structuredClone or any loop over every product still sees every figure.
 */
import {
  COUNT_COUNT,
  COUNT_FIELDS,
  METRICS,
  METRIC_COUNT,
  PRODUCT_DAILY_SERIES,
  type CountField,
  type Metric,
  type ProductDailySeries,
} from "../engine/metrics.ts";
import type { Accumulator, ResultTotals, SummariseInfo } from "./accumulator.ts";
import { summariseTotals } from "./accumulator.ts";
import { exactValue } from "./exactSum.ts";
import { metricSummary } from "./metricSet.ts";
import type { SimulationResult } from "./result.ts";
import type { Summary } from "./summary.ts";

/** Fields of one packed Summary, in order. */
const FIELDS = 9;

export interface PackedSimulationResult {
  /** The result without `products`, `productDaily` and the per-product counts. */
  totals: ResultTotals | (Omit<ResultTotals, "totalCounts"> & { totalCounts?: undefined });
  productIds: string[];
  /** [(p × METRIC_COUNT + m) × 9 + f]: mean, sd, se, ci95 low, ci95 high, p05, p50, p95 (min and max follow in `extremes`). */
  summaries: Float64Array;
  /** [(p × METRIC_COUNT + m) × 2 + 0/1]: min, max. */
  extremes: Float64Array;
  /** [(p × PRODUCT_DAILY_SERIES.length + s) × horizonDays + d]: each product's daily means. */
  productDaily: Float64Array;
  /** [p × COUNT_COUNT + c]: each product's exact sums over runs of COUNT_FIELDS[c] (absent if the result had no counts). */
  productCounts?: Float64Array;
}

function putSummary(out: Float64Array, ext: Float64Array, at: number, s: Summary): void {
  const o = at * FIELDS;
  out[o] = s.mean;
  out[o + 1] = s.sd;
  out[o + 2] = s.se;
  out[o + 3] = s.ci95[0];
  out[o + 4] = s.ci95[1];
  out[o + 5] = s.p05;
  out[o + 6] = s.p50;
  out[o + 7] = s.p95;
  ext[at * 2] = s.min;
  ext[at * 2 + 1] = s.max;
}

function getSummary(p: PackedSimulationResult, at: number): Summary {
  const v = p.summaries;
  const o = at * FIELDS;
  return {
    mean: v[o],
    sd: v[o + 1],
    se: v[o + 2],
    ci95: [v[o + 3], v[o + 4]],
    p05: v[o + 5],
    p50: v[o + 6],
    p95: v[o + 7],
    min: p.extremes[at * 2],
    max: p.extremes[at * 2 + 1],
  };
}

/** The accumulator's result, packed: the same figures `summarise` gives, bit for bit. */
export function summarisePacked(acc: Accumulator, info: SummariseInfo): PackedSimulationResult {
  const nP = acc.meta.productIds.length;
  const H = acc.meta.horizonDays;
  const nS = PRODUCT_DAILY_SERIES.length;
  const summaries = new Float64Array(nP * METRIC_COUNT * FIELDS);
  const extremes = new Float64Array(nP * METRIC_COUNT * 2);
  for (let p = 0; p < nP; p++) for (let m = 0; m < METRIC_COUNT; m++) putSummary(summaries, extremes, p * METRIC_COUNT + m, metricSummary(acc.products[p], m));
  const productDaily = new Float64Array(nP * nS * H);
  const n = acc.n;
  for (let i = 0; i < productDaily.length; i++) productDaily[i] = n > 0 ? exactValue(acc.productDaily, i) / n : NaN;
  const productCounts = new Float64Array(nP * COUNT_COUNT);
  for (let i = 0; i < productCounts.length; i++) productCounts[i] = exactValue(acc.counts, COUNT_COUNT + i);
  return { totals: summariseTotals(acc, info), productIds: acc.meta.productIds.slice(), summaries, extremes, productDaily, productCounts };
}

/** Packs a result already in object form (one read from a file or saved work). */
export function packResult(r: SimulationResult): PackedSimulationResult {
  const { products, productDaily: daily, counts, ...rest } = r;
  const totals = { ...rest, totalCounts: counts?.total };
  const productIds = Object.keys(products);
  const nP = productIds.length;
  const H = r.horizonDays;
  const nS = PRODUCT_DAILY_SERIES.length;
  const summaries = new Float64Array(nP * METRIC_COUNT * FIELDS);
  const extremes = new Float64Array(nP * METRIC_COUNT * 2);
  const productDaily = new Float64Array(nP * nS * H).fill(NaN);
  productIds.forEach((id, p) => {
    METRICS.forEach((name, m) => {
      const s = products[id][name];
      if (s) putSummary(summaries, extremes, p * METRIC_COUNT + m, s);
      else summaries.fill(NaN, (p * METRIC_COUNT + m) * FIELDS, (p * METRIC_COUNT + m + 1) * FIELDS);
    });
    PRODUCT_DAILY_SERIES.forEach((name, s) => {
      const a = daily[id]?.[name];
      if (a) for (let d = 0; d < H && d < a.length; d++) productDaily[(p * nS + s) * H + d] = a[d];
    });
  });
  let productCounts: Float64Array | undefined;
  if (counts) {
    productCounts = new Float64Array(nP * COUNT_COUNT).fill(NaN);
    productIds.forEach((id, p) => COUNT_FIELDS.forEach((f, c) => (productCounts![p * COUNT_COUNT + c] = counts.products[id]?.[f] ?? NaN)));
  }
  return { totals, productIds, summaries, extremes, productDaily, productCounts };
}

const PACKED = Symbol("packed");

/** The packed form a result was unpacked from (to store it again without packing), if any. */
export function packedOf(r: SimulationResult): PackedSimulationResult | undefined {
  return (r as unknown as { [PACKED]?: PackedSimulationResult })[PACKED];
}

/** Defines `key` on `obj` as a getter that builds the value once, then keeps it as a plain property. */
function lazy<T>(obj: Record<string, T>, key: string, build: () => T): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = build();
      Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

/** A SimulationResult over packed figures: each product's objects are built when first read. */
export function unpackResult(p: PackedSimulationResult): SimulationResult {
  const H = p.totals.horizonDays;
  const nS = PRODUCT_DAILY_SERIES.length;
  const products: Record<string, Record<Metric, Summary>> = {};
  const productDaily: Record<string, Record<ProductDailySeries, number[]>> = {};
  const productCounts: Record<string, Record<CountField, number>> = Object.create(null);
  const pc = p.productCounts;
  p.productIds.forEach((id, i) => {
    if (pc)
      lazy(productCounts, id, () => {
        const rec = {} as Record<CountField, number>;
        COUNT_FIELDS.forEach((f, c) => (rec[f] = pc[i * COUNT_COUNT + c]));
        return rec;
      });
    lazy(products, id, () => {
      const rec = {} as Record<Metric, Summary>;
      METRICS.forEach((name, m) => (rec[name] = getSummary(p, i * METRIC_COUNT + m)));
      return rec;
    });
    lazy(productDaily, id, () => {
      const rec = {} as Record<ProductDailySeries, number[]>;
      PRODUCT_DAILY_SERIES.forEach((name, s) => {
        const a = new Array<number>(H);
        for (let d = 0, o = (i * nS + s) * H; d < H; d++) a[d] = p.productDaily[o + d];
        rec[name] = a;
      });
      return rec;
    });
  });
  const t = p.totals;
  const r: SimulationResult = {
    scenario: t.scenario,
    runs: t.runs,
    seed: t.seed,
    horizonDays: t.horizonDays,
    workers: t.workers,
    elapsedMs: t.elapsedMs,
    skuDaysPerSecond: t.skuDaysPerSecond,
    total: t.total,
    products,
    runRanges: t.runRanges,
    daily: t.daily,
    productDaily,
    waitHistogram: t.waitHistogram,
    samples: t.samples,
  };
  if (t.totalCounts && pc) r.counts = { total: t.totalCounts, products: productCounts };
  if (t.precision) r.precision = t.precision;
  Object.defineProperty(r, PACKED, { value: p, enumerable: false });
  return r;
}

/** One product's mean of `metric` straight from the packed figures (sorting and filtering tables). */
export function packedMean(p: PackedSimulationResult, product: number, metric: number): number {
  return p.summaries[(product * METRIC_COUNT + metric) * FIELDS];
}

/** A product's daily means of one series, as a view on the packed array (no copy). */
export function packedDaily(p: PackedSimulationResult, product: number, series: ProductDailySeries): Float64Array {
  const H = p.totals.horizonDays;
  const s = PRODUCT_DAILY_SERIES.indexOf(series);
  const nS = PRODUCT_DAILY_SERIES.length;
  return p.productDaily.subarray((product * nS + s) * H, (product * nS + s + 1) * H);
}

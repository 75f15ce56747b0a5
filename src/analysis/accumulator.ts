/**
 * Folds simulated runs into a fixed-size, mergeable summary (docs/model.md §7): memory does not grow
 * with the number of runs, and merging accumulators in any grouping gives exactly the same result as
 * folding every run into one, so worker count, chunk size and shard split never change a figure.
 */
import {
  COUNT_COUNT,
  COUNT_FIELDS,
  COUNT_RAW,
  DAILY_SERIES,
  METRICS,
  METRIC_COUNT,
  PRODUCT_DAILY_SERIES,
  RAW_COUNT,
  WAIT_BINS,
  deriveMetrics,
  sumRaw,
  type CountField,
  type DailySeries,
  type Metric,
  type ProductDailySeries,
  type RunOutput,
} from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import {
  createExactSums,
  deserializeExactSums,
  exactAdd,
  exactAddArray,
  exactClear,
  exactMerge,
  exactMergeSerialized,
  exactValue,
  serializeExactSums,
  type ExactSums,
  type SerializedExactSums,
} from "./exactSum.ts";
import {
  createMetricSet,
  deserializeMetricSet,
  metricSetAdd,
  metricSetClear,
  metricSetMerge,
  metricSetSummary,
  serializeMetricSet,
  type MetricSet,
  type SerializedMetricSet,
} from "./metricSet.ts";
import type { DailyBand, PrecisionReport, SimulationResult } from "./result.ts";
import { newF64, type F64Alloc } from "./arena.ts";
import { addRunToRanges, mergeRanges } from "./runRanges.ts";
import {
  createRunSample,
  deserializeRunSample,
  sampleClear,
  sampleMerge,
  sampleOffer,
  sampleRuns,
  sampleWants,
  serializeRunSample,
  type RunSample,
  type SerializedRunSample,
} from "./runSample.ts";
import { selectQuantiles } from "./selectQuantiles.ts";
import { ACCUMULATOR_FORMAT, type AccumulatorMeta, type SerializedAccumulator } from "./serializedAccumulator.ts";

export interface Accumulator {
  meta: AccumulatorMeta;
  runRanges: [number, number][];
  n: number;
  total: MetricSet;
  products: MetricSet[];
  /** DAILY_SERIES.length × horizonDays, same layout as RunOutput.daily. */
  daily: ExactSums;
  /** nProducts × PRODUCT_DAILY_SERIES.length × horizonDays, same layout as RunOutput.productDaily. */
  productDaily: ExactSums;
  wait: ExactSums;
  /** Exact sums over runs of the COUNT_FIELDS: total at [0, COUNT_COUNT), product p at [(p + 1) × COUNT_COUNT, …). */
  counts: ExactSums;
  sample: RunSample;
  /** The last added run's metrics: total at [0, METRIC_COUNT), product p at [(p + 1) × METRIC_COUNT, …). */
  lastMetrics: Float64Array;
  scratchRaw: Float64Array;
}

/** 64-bit FNV-1a (as two 32-bit lanes) of a string, hex. */
function fingerprintText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

/** What a job keeps besides totals. */
export interface JobLayout {
  /** Daily series of the sampled runs, for the daily p10/p50/p90 bands (default true). */
  dailyBands?: boolean;
}

/** Accumulator meta for a scenario; `runs` is left out of the fingerprint since shards run slices of it. */
export function metaForScenario(s: Scenario, layout: JobLayout = {}): AccumulatorMeta {
  const { runs: _runs, ...rest } = s;
  return {
    ...(layout.dailyBands === false ? { dailyBands: false as const } : {}),
    scenario: s.name,
    fingerprint: fingerprintText(JSON.stringify(rest)),
    seed: s.seed,
    startDate: s.startDate,
    horizonDays: s.horizonDays,
    warmupDays: s.warmupDays,
    productIds: s.products.map((p) => p.id),
  };
}

export function createAccumulator(meta: AccumulatorMeta): Accumulator {
  const nP = meta.productIds.length;
  const H = meta.horizonDays;
  return {
    meta,
    runRanges: [],
    n: 0,
    total: createMetricSet(),
    products: Array.from({ length: nP }, createMetricSet),
    daily: createExactSums(DAILY_SERIES.length * H),
    productDaily: createExactSums(nP * PRODUCT_DAILY_SERIES.length * H),
    wait: createExactSums(WAIT_BINS),
    counts: createExactSums((nP + 1) * COUNT_COUNT),
    sample: createRunSample(meta.seed, METRIC_COUNT, meta.dailyBands === false ? 0 : DAILY_SERIES.length * H),
    lastMetrics: new Float64Array((nP + 1) * METRIC_COUNT),
    scratchRaw: new Float64Array(RAW_COUNT),
  };
}

/** Adds the COUNT_FIELDS of the raw sums at raw[off …] to the count sums' row at `at`. */
function addCounts(counts: ExactSums, at: number, raw: ArrayLike<number>, off: number): void {
  for (let c = 0; c < COUNT_COUNT; c++) exactAdd(counts, at + c, raw[off + COUNT_RAW[c]]);
}

/** Folds run `runIndex` (as written by the engine into `out`) into the accumulator. */
export function addRun(acc: Accumulator, runIndex: number, out: RunOutput): void {
  const nP = acc.products.length;
  const lm = acc.lastMetrics;
  for (let p = 0; p < nP; p++) {
    deriveMetrics(out.raw, p * RAW_COUNT, lm, (p + 1) * METRIC_COUNT);
    metricSetAdd(acc.products[p], lm, (p + 1) * METRIC_COUNT);
    addCounts(acc.counts, (p + 1) * COUNT_COUNT, out.raw, p * RAW_COUNT);
  }
  sumRaw(out.raw, nP, acc.scratchRaw);
  deriveMetrics(acc.scratchRaw, 0, lm, 0);
  metricSetAdd(acc.total, lm, 0);
  addCounts(acc.counts, 0, acc.scratchRaw, 0);
  exactAddArray(acc.daily, 0, out.daily, 0, acc.daily.first.length);
  exactAddArray(acc.productDaily, 0, out.productDaily, 0, acc.productDaily.first.length);
  exactAddArray(acc.wait, 0, out.waitHist, 0, WAIT_BINS);
  if (sampleWants(acc.sample, runIndex)) sampleOffer(acc.sample, runIndex, lm.subarray(0, METRIC_COUNT), out.daily.subarray(0, acc.sample.dailyLength));
  addRunToRanges(acc.runRanges, runIndex);
  acc.n++;
}

/**
 * Empties the accumulator for another job of the same scenario and layout, keeping its memory: the
 * sketches' value arrays at the size they grew to, the sample's rows, the sums' arrays. A worker
 * that reuses it folds the next job without allocating and first touching several megabytes.
 */
export function clearAccumulator(acc: Accumulator): void {
  acc.runRanges = [];
  acc.n = 0;
  metricSetClear(acc.total);
  for (const p of acc.products) metricSetClear(p);
  exactClear(acc.daily);
  exactClear(acc.productDaily);
  exactClear(acc.wait);
  exactClear(acc.counts);
  sampleClear(acc.sample);
}

function sameMeta(a: AccumulatorMeta, b: AccumulatorMeta): string | null {
  if (a.fingerprint !== b.fingerprint)
    return `they come from different scenarios ('${a.scenario}' ${a.fingerprint} vs '${b.scenario}' ${b.fingerprint}); shards must be run from the same file with the same --seed and --horizon`;
  return null;
}

/** Adds b into a. Throws if they come from different scenarios or cover the same run twice. */
export function mergeAccumulators(a: Accumulator, b: Accumulator): Accumulator {
  const why = sameMeta(a.meta, b.meta);
  if (why) throw new Error(`cannot merge results: ${why}`);
  a.runRanges = mergeRanges(a.runRanges, b.runRanges);
  a.n += b.n;
  metricSetMerge(a.total, b.total);
  a.products.forEach((p, i) => metricSetMerge(p, b.products[i]));
  exactMerge(a.daily, b.daily);
  exactMerge(a.productDaily, b.productDaily);
  exactMerge(a.wait, b.wait);
  exactMerge(a.counts, b.counts);
  sampleMerge(a.sample, b.sample);
  return a;
}

interface Body {
  n: number;
  total: SerializedMetricSet;
  products: SerializedMetricSet[];
  daily: SerializedExactSums;
  productDaily: SerializedExactSums;
  wait: SerializedExactSums;
  counts: SerializedExactSums;
  sample: SerializedRunSample;
}

export interface SerializeOptions {
  /** Float64Arrays for the large arrays instead of number[]: worker messages, not files. */
  typed?: boolean;
  /** Where those arrays come from (a worker's arena, see arena.ts); new arrays by default. */
  alloc?: F64Alloc;
}

/**
 * JSON-safe by default (shard files). `typed: true` keeps Float64Arrays for the large arrays, which
 * structured clone copies as blocks: much cheaper for worker messages of big catalogues.
 */
export function serializeAccumulator(acc: Accumulator, opts: SerializeOptions = {}): SerializedAccumulator {
  const typed = opts.typed === true;
  const alloc = opts.alloc ?? newF64;
  const body: Body = {
    n: acc.n,
    total: serializeMetricSet(acc.total, typed, alloc),
    products: acc.products.map((p) => serializeMetricSet(p, typed, alloc)),
    daily: serializeExactSums(acc.daily, typed, alloc),
    productDaily: serializeExactSums(acc.productDaily, typed, alloc),
    wait: serializeExactSums(acc.wait, typed, alloc),
    counts: serializeExactSums(acc.counts, typed, alloc),
    sample: serializeRunSample(acc.sample, typed, alloc),
  };
  return { format: ACCUMULATOR_FORMAT, meta: structuredClone(acc.meta), runRanges: acc.runRanges.map((r) => [r[0], r[1]]), body };
}

/** The body of a serialised accumulator, checked as far as its shape; throws a plain-language error. */
function bodyOf(json: unknown): { j: SerializedAccumulator; b: Body } {
  const j = json as SerializedAccumulator;
  const format: unknown = j && typeof j === "object" ? j.format : undefined;
  if (typeof format === "string" && format !== ACCUMULATOR_FORMAT && format.startsWith("backorder-lab.accumulator/"))
    throw new Error(
      `the shard was written by another version of Backorder Lab (its results are "${format}", this version reads "${ACCUMULATOR_FORMAT}"); run the shard again`,
    );
  if (!j || typeof j !== "object" || j.format !== ACCUMULATOR_FORMAT) throw new Error(`not a simulation shard (expected "format": "${ACCUMULATOR_FORMAT}")`);
  const b = j.body as Body;
  const meta = j.meta;
  if (
    !meta ||
    !Array.isArray(meta.productIds) ||
    !b ||
    !Array.isArray(b.products) ||
    b.products.length !== meta.productIds.length ||
    !b.counts ||
    b.counts.n !== (meta.productIds.length + 1) * COUNT_COUNT
  )
    throw new Error("simulation shard is incomplete or corrupted");
  return { j, b };
}

/**
 * Adds a serialised accumulator into `a` — mergeAccumulators(a, deserializeAccumulator(json)) without
 * building the large parts first. Nothing of `json` is kept: its arrays may be views of a worker's
 * arena that the worker writes again for its next part.
 */
export function mergeSerializedAccumulator(a: Accumulator, json: unknown): Accumulator {
  const { j, b } = bodyOf(json);
  const why = sameMeta(a.meta, j.meta);
  if (why) throw new Error(`cannot merge results: ${why}`);
  if (b.products.length !== a.products.length) throw new Error("simulation shard is incomplete or corrupted");
  a.runRanges = mergeRanges(a.runRanges, mergeRanges([], j.runRanges));
  a.n += b.n;
  metricSetMerge(a.total, deserializeMetricSet(b.total));
  a.products.forEach((p, i) => metricSetMerge(p, deserializeMetricSet(b.products[i])));
  exactMergeSerialized(a.daily, b.daily);
  exactMergeSerialized(a.productDaily, b.productDaily);
  exactMergeSerialized(a.wait, b.wait);
  exactMergeSerialized(a.counts, b.counts);
  sampleMerge(a.sample, deserializeRunSample(b.sample));
  return a;
}

/** Inverse of serializeAccumulator; throws a plain-language error on anything else. */
export function deserializeAccumulator(json: unknown): Accumulator {
  const { j, b } = bodyOf(json);
  const meta = j.meta;
  // Built directly: an empty accumulator first would allocate every part only to replace it.
  return {
    meta,
    runRanges: mergeRanges([], j.runRanges),
    n: b.n,
    total: deserializeMetricSet(b.total),
    products: b.products.map(deserializeMetricSet),
    daily: deserializeExactSums(b.daily),
    productDaily: deserializeExactSums(b.productDaily),
    wait: deserializeExactSums(b.wait),
    counts: deserializeExactSums(b.counts),
    sample: deserializeRunSample(b.sample),
    lastMetrics: new Float64Array((meta.productIds.length + 1) * METRIC_COUNT),
    scratchRaw: new Float64Array(RAW_COUNT),
  };
}

const BAND_QS = [0.1, 0.5, 0.9];

export interface SummariseInfo {
  workers: number;
  elapsedMs: number;
  precision?: PrecisionReport;
}

/** The JSON-safe result of everything folded in so far. */
export function summarise(acc: Accumulator, info: SummariseInfo): SimulationResult {
  const { meta } = acc;
  // Ids are data ("__proto__" and "constructor" are ids like any other): records keyed by id have no prototype.
  const products: Record<string, Record<Metric, import("./summary.ts").Summary>> = Object.create(null);
  meta.productIds.forEach((id, p) => (products[id] = metricSetSummary(acc.products[p])));
  const H = meta.horizonDays;
  const n = acc.n;
  const productDaily: Record<string, Record<ProductDailySeries, number[]>> = Object.create(null);
  const nS = PRODUCT_DAILY_SERIES.length;
  meta.productIds.forEach((id, p) => {
    const rec = {} as Record<ProductDailySeries, number[]>;
    PRODUCT_DAILY_SERIES.forEach((name, s) => {
      const a = new Array<number>(H);
      for (let d = 0; d < H; d++) a[d] = n > 0 ? exactValue(acc.productDaily, (p * nS + s) * H + d) / n : NaN;
      rec[name] = a;
    });
    productDaily[id] = rec;
  });
  const b = summariseTotals(acc, info);
  // Keys in the order of the command line's JSON (docs/model.md §8).
  const result: SimulationResult = {
    scenario: b.scenario,
    runs: b.runs,
    seed: b.seed,
    horizonDays: b.horizonDays,
    workers: b.workers,
    elapsedMs: b.elapsedMs,
    skuDaysPerSecond: b.skuDaysPerSecond,
    total: b.total,
    products,
    runRanges: b.runRanges,
    daily: b.daily,
    productDaily,
    waitHistogram: b.waitHistogram,
    samples: b.samples,
    counts: { total: b.totalCounts, products: productCountRecords(acc) },
  };
  if (b.precision) result.precision = b.precision;
  return result;
}

/** The exact sums over runs of the COUNT_FIELDS in row `row` (0: total, p + 1: product p). */
export function countRecord(acc: Accumulator, row: number): Record<CountField, number> {
  const rec = {} as Record<CountField, number>;
  COUNT_FIELDS.forEach((f, c) => (rec[f] = exactValue(acc.counts, row * COUNT_COUNT + c)));
  return rec;
}

function productCountRecords(acc: Accumulator): Record<string, Record<CountField, number>> {
  const out: Record<string, Record<CountField, number>> = Object.create(null);
  acc.meta.productIds.forEach((id, p) => (out[id] = countRecord(acc, p + 1)));
  return out;
}

/** A result without its per-product figures; the total counts (`counts.total`) apart. */
export type ResultTotals = Omit<SimulationResult, "products" | "productDaily" | "counts"> & { totalCounts: Record<CountField, number> };

/** Everything of a result but the per-product figures: totals, daily bands, waits, the run sample. */
export function summariseTotals(acc: Accumulator, info: SummariseInfo): ResultTotals {
  const { meta, n } = acc;
  const H = meta.horizonDays;
  const nP = meta.productIds.length;
  const sampled = sampleRuns(acc.sample);
  const bands = DAILY_SERIES.map((): DailyBand => ({ mean: new Array(H), p10: new Array(H), p50: new Array(H), p90: new Array(H) }));
  const cells = DAILY_SERIES.length * H;
  // Without sampled daily series (a job that asked for totals only) the quantiles of no values are
  // NaN; the means come from the exact sums either way.
  const k = acc.sample.dailyLength > 0 ? sampled.length : 0;
  // Cells are gathered in blocks, reading each sampled run's series sequentially: gathering one cell
  // across 256 separate arrays at a time costs a cache miss per value and dominated summarise().
  const BLOCK = 64;
  const block = new Float64Array(BLOCK * k);
  const q = [0, 0, 0];
  for (let c0 = 0; c0 < cells; c0 += BLOCK) {
    const width = Math.min(BLOCK, cells - c0);
    for (let r = 0; r < k; r++) {
      const daily = sampled[r].daily;
      for (let j = 0; j < width; j++) block[j * k + r] = daily[c0 + j];
    }
    for (let j = 0; j < width; j++) {
      const cell = c0 + j;
      const band = bands[Math.floor(cell / H)];
      const d = cell % H;
      band.mean[d] = n > 0 ? exactValue(acc.daily, cell) / n : NaN;
      selectQuantiles(block.subarray(j * k, (j + 1) * k), k, BAND_QS, q);
      band.p10[d] = q[0];
      band.p50[d] = q[1];
      band.p90[d] = q[2];
    }
  }
  const series = {} as Record<DailySeries, DailyBand>;
  DAILY_SERIES.forEach((name, si) => (series[name] = bands[si]));

  const waitHistogram = Array.from({ length: WAIT_BINS }, (_, i) => (n > 0 ? exactValue(acc.wait, i) / n : NaN));
  const sampleMetrics = {} as Record<Metric, number[]>;
  METRICS.forEach((name, m) => (sampleMetrics[name] = sampled.map((r) => r.metrics[m])));

  const productDays = n * nP * (meta.horizonDays + meta.warmupDays);
  const result: ResultTotals = {
    scenario: meta.scenario,
    runs: n,
    seed: meta.seed,
    horizonDays: H,
    workers: info.workers,
    elapsedMs: Math.round(info.elapsedMs),
    skuDaysPerSecond: info.elapsedMs > 0 ? Math.round((productDays * 1000) / info.elapsedMs) : 0,
    total: metricSetSummary(acc.total),
    runRanges: acc.runRanges.map((r) => [r[0], r[1]]),
    daily: { startDate: meta.startDate, series, sampleRuns: k },
    waitHistogram,
    samples: { runIndex: sampled.map((r) => r.run), metrics: sampleMetrics },
    totalCounts: countRecord(acc, 0),
  };
  if (info.precision) result.precision = info.precision;
  return result;
}

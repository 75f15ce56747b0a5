/**
 * How much work a scenario asks for, before it runs: product-days, seconds and memory, and whether
 * that is too much for an interactive run. The speed and memory figures are rough models kept in
 * WORK_MODEL so they can be updated from `npm run bench`; they only need the right order of magnitude.
 */
import { DAILY_SERIES, METRIC_COUNT, PRODUCT_DAILY_SERIES, RAW_COUNT } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import { formatCount } from "./issue.ts";

export const WORK_MODEL = {
  /** Simulated product-days per second per worker (update from `npm run bench`). */
  productDaysPerSecondPerWorker: 3_000_000,
  /** Beyond this an interactive run is refused (seconds). */
  maxSeconds: 15 * 60,
  /** Beyond this an interactive run is refused (bytes). */
  maxBytes: 1_000_000_000,
  /** A metric's quantile sketch keeps this many values exactly, then switches to buckets. */
  sketchExactValues: 512,
  /** Bytes of a bucketed sketch (log buckets in a Map) and fixed overhead per sketch. */
  sketchBucketBytes: 4_000,
  sketchOverheadBytes: 200,
  /** Bytes of one exact-sum cell (a double, a slot for overflow partials, a special-value double). */
  sumCellBytes: 32,
  /** Runs kept whole for drill-down (src/analysis/runSample.ts SAMPLE_SIZE). */
  sampledRuns: 256,
  /** Engine state per product per worker: pipeline, waiting orders, random streams, day-total tables (at most 64 KB). */
  productStateBytes: 2_048 + 65_536,
  /** Compiled tables per product and day per worker: expected orders (4), the count's median (4), its probability and CDF (16). */
  compiledBytesPerProductDay: 24,
} as const;

export interface WorkEstimate {
  productDays: number;
  seconds: number;
  bytes: number;
  tooBig: boolean;
  message?: string;
}

export interface EstimateOptions {
  runs?: number;
  horizonDays?: number;
  workers?: number;
  /**
   * Product-days per second this machine was measured to simulate (all workers together), to use
   * instead of WORK_MODEL's per-worker guess; the message then says the speed was measured.
   */
  measuredProductDaysPerSecond?: number;
}

export function estimateWork(s: Scenario, opts: EstimateOptions = {}): WorkEstimate {
  const runs = opts.runs ?? s.runs;
  const horizon = opts.horizonDays ?? s.horizonDays;
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const products = s.products.length;
  const days = horizon + s.warmupDays;
  const productDays = runs * days * products;
  const measured = opts.measuredProductDaysPerSecond;
  const seconds = measured && measured > 0 ? productDays / measured : productDays / (WORK_MODEL.productDaysPerSecondPerWorker * workers);
  const bytes = memoryBytes(products, horizon, runs, workers);

  const slow = seconds > WORK_MODEL.maxSeconds;
  const big = bytes > WORK_MODEL.maxBytes;
  if (!slow && !big) return { productDays, seconds, bytes, tooBig: false };

  const size = `${span(days)} × ${formatCount(products)} product${products === 1 ? "" : "s"} × ${formatCount(runs)} run${runs === 1 ? "" : "s"} ≈ ${bigNumber(productDays)} product-days`;
  const time = measured && measured > 0
    ? `about ${duration(seconds)} at the ${bigNumber(Math.round(measured))} product-days a second measured here`
    : `about ${duration(seconds)} of computing on ${workers} worker${workers === 1 ? "" : "s"}`;
  const parts = [`${size}, ${time}`];
  if (big) parts.push(`results need about ${gigabytes(bytes)} of memory (limit about ${gigabytes(WORK_MODEL.maxBytes)})`);
  const advice = slow ? "reduce runs (precision mode stops early) or products" : "reduce products or the horizon";
  return { productDays, seconds, bytes, tooBig: true, message: `${parts.join("; ")}; ${advice}` };
}

/**
 * Memory of a run: every worker holds one run's output, the engine state and an accumulator, and
 * the main thread one merged accumulator (docs/model.md §7: none of it grows with runs beyond the
 * sketches' exact phase).
 */
function memoryBytes(products: number, horizon: number, runs: number, workers: number): number {
  const m = WORK_MODEL;
  const perSketch = m.sketchOverheadBytes + Math.min(runs, m.sketchExactValues) * 8 + (runs > m.sketchExactValues ? m.sketchBucketBytes : 0);
  const metricSets = (products + 1) * METRIC_COUNT * (perSketch + 3 * m.sumCellBytes);
  const dailyCells = (DAILY_SERIES.length + products * PRODUCT_DAILY_SERIES.length) * horizon;
  const sample = Math.min(runs, m.sampledRuns) * (METRIC_COUNT + DAILY_SERIES.length * horizon) * 8;
  const accumulator = metricSets + dailyCells * m.sumCellBytes + sample;
  const runOutput = (products * RAW_COUNT + dailyCells) * 8;
  const engine = products * (m.productStateBytes + horizon * m.compiledBytesPerProductDay);
  return (workers + 1) * accumulator + workers * (runOutput + engine);
}

function span(days: number): string {
  if (days >= 365 && days % 365 === 0) return days === 365 ? "1 year" : `${days / 365} years`;
  return `${formatCount(days)} days`;
}

function bigNumber(n: number): string {
  if (n < 1e7) return formatCount(Math.round(n));
  const [mant, exp] = n.toExponential(1).split("e");
  return `${mant}e${Number(exp)}`;
}

export function duration(seconds: number): string {
  const r = (x: number) => (x < 10 ? Math.round(x * 10) / 10 : Math.round(x));
  if (seconds < 90) return `${r(seconds)} seconds`;
  if (seconds < 90 * 60) return `${r(seconds / 60)} minutes`;
  if (seconds < 48 * 3600) return `${r(seconds / 3600)} hours`;
  return `${formatCount(r(seconds / 86400))} days`;
}

function gigabytes(bytes: number): string {
  if (bytes < 1e9) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.round(bytes / 1e8) / 10} GB`;
}

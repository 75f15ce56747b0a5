/**
 * Per-metric accumulation of one vector of METRIC_COUNT values per run: exact Σx and Σx² (so mean
 * and sd do not depend on grouping), a quantile sketch, and counts of positive/negative values
 * (used for paired differences). Merges exactly in any order.
 */
import { copyF64, newF64, type F64Alloc } from "./arena.ts";
import { METRICS, METRIC_COUNT, type Metric } from "../engine/metrics.ts";
import {
  createExactSums,
  deserializeExactSums,
  exactAdd,
  exactAddSquare,
  exactCentralSecondMoment,
  exactClear,
  exactMerge,
  exactValue,
  serializeExactSums,
  type ExactSums,
  type SerializedExactSums,
} from "./exactSum.ts";
import {
  createSketch,
  deserializeSketch,
  packSketches,
  serializeSketch,
  unpackSketches,
  sketchAdd,
  sketchClear,
  sketchMergeAll,
  sketchQuantiles,
  type PackedSketches,
  type QuantileSketch,
  type SerializedSketch,
} from "./quantileSketch.ts";
import { makeSummary, Z95, type DiffSummary, type Summary } from "./summary.ts";

export interface MetricSet {
  /** Runs added, folded or pending. */
  n: number;
  sum: ExactSums;
  sumSq: ExactSums;
  sketches: QuantileSketch[];
  positive: Float64Array;
  negative: Float64Array;
  /**
   * Runs added but not yet folded in: row r at pending[r × METRIC_COUNT …]. Folding a batch metric by
   * metric keeps each metric's sums and sketch in cache, where folding run by run touches every one
   * of them per run (a catalogue has thousands); the sums and sketches see the same values in the same
   * order either way. Everything that reads the set folds first.
   */
  pending: Float64Array | null;
  pendingN: number;
}

/** Runs folded at a time. */
const BATCH = 16;

export function createMetricSet(): MetricSet {
  return {
    n: 0,
    sum: createExactSums(METRIC_COUNT),
    sumSq: createExactSums(METRIC_COUNT),
    sketches: Array.from({ length: METRIC_COUNT }, createSketch),
    positive: new Float64Array(METRIC_COUNT),
    negative: new Float64Array(METRIC_COUNT),
    pending: null,
    pendingN: 0,
  };
}

/** Empties the set, keeping its memory (see clearAccumulator). */
export function metricSetClear(s: MetricSet): void {
  s.n = 0;
  exactClear(s.sum);
  exactClear(s.sumSq);
  for (const k of s.sketches) sketchClear(k);
  s.positive.fill(0);
  s.negative.fill(0);
  s.pendingN = 0;
}

/** Adds one run's metric vector v[off .. off + METRIC_COUNT). */
export function metricSetAdd(s: MetricSet, v: ArrayLike<number>, off = 0): void {
  s.n++;
  const pending = (s.pending ??= new Float64Array(BATCH * METRIC_COUNT));
  const row = s.pendingN * METRIC_COUNT;
  for (let m = 0; m < METRIC_COUNT; m++) pending[row + m] = v[off + m] + 0;
  if (++s.pendingN === BATCH) fold(s);
}

/** Folds the pending runs into the sums, sketches and sign counts, metric by metric, runs in order. */
function fold(s: MetricSet): void {
  const k = s.pendingN;
  const pending = s.pending;
  if (k === 0 || pending === null) return;
  for (let m = 0; m < METRIC_COUNT; m++) {
    const sketch = s.sketches[m];
    for (let r = 0; r < k; r++) {
      const x = pending[r * METRIC_COUNT + m];
      exactAdd(s.sum, m, x);
      exactAddSquare(s.sumSq, m, x);
      sketchAdd(sketch, x);
      if (x > 0) s.positive[m]++;
      else if (x < 0) s.negative[m]++;
    }
  }
  s.pendingN = 0;
}

export function metricSetMerge(a: MetricSet, b: MetricSet): void {
  fold(a);
  fold(b);
  a.n += b.n;
  exactMerge(a.sum, b.sum);
  exactMerge(a.sumSq, b.sumSq);
  sketchMergeAll(a.sketches, b.sketches);
  for (let m = 0; m < METRIC_COUNT; m++) {
    a.positive[m] += b.positive[m];
    a.negative[m] += b.negative[m];
  }
}

const QS = [0.05, 0.5, 0.95] as const;

export function metricMean(s: MetricSet, m: number): number {
  fold(s);
  return s.n > 0 ? exactValue(s.sum, m) / s.n : NaN;
}

export function metricSummary(s: MetricSet, m: number): Summary {
  fold(s);
  const n = s.n;
  const mean = metricMean(s, m);
  const sd = n > 1 ? Math.sqrt(exactCentralSecondMoment(s.sum, s.sumSq, m, n) / (n - 1)) : n === 1 ? 0 : NaN;
  const [p05, p50, p95] = sketchQuantiles(s.sketches[m], QS);
  const sk = s.sketches[m];
  return makeSummary(n, mean, sd, { p05, p50, p95, min: sk.n > 0 ? sk.min : NaN, max: sk.n > 0 ? sk.max : NaN });
}

/** Half-width of the 95 % CI of the mean of metric m (Infinity with fewer than 2 runs). */
export function metricHalfWidth(s: MetricSet, m: number): number {
  fold(s);
  if (s.n < 2) return Infinity;
  const sd = Math.sqrt(exactCentralSecondMoment(s.sum, s.sumSq, m, s.n) / (s.n - 1));
  return (Z95 * sd) / Math.sqrt(s.n);
}

export function metricSetSummary(s: MetricSet): Record<Metric, Summary> {
  const out = {} as Record<Metric, Summary>;
  METRICS.forEach((name, m) => (out[name] = metricSummary(s, m)));
  return out;
}

export function metricSetDiffSummary(s: MetricSet): Record<Metric, DiffSummary> {
  fold(s);
  const out = {} as Record<Metric, DiffSummary>;
  METRICS.forEach((name, m) => {
    const n = s.n;
    out[name] = { ...metricSummary(s, m), positive: n > 0 ? s.positive[m] / n : NaN, negative: n > 0 ? s.negative[m] / n : NaN };
  });
  return out;
}

/** JSON-safe arrays by default (shard files); `typed` packs the sketches and keeps Float64Arrays (worker messages). */
export interface SerializedMetricSet {
  n: number;
  sum: SerializedExactSums;
  sumSq: SerializedExactSums;
  sketches: SerializedSketch[] | PackedSketches;
  positive: number[] | Float64Array;
  negative: number[] | Float64Array;
}

/** With `typed`, the Float64Arrays come from `alloc` (a worker's arena, see arena.ts). */
export function serializeMetricSet(s: MetricSet, typed = false, alloc: F64Alloc = newF64): SerializedMetricSet {
  fold(s);
  return {
    n: s.n,
    sum: serializeExactSums(s.sum, typed, alloc),
    sumSq: serializeExactSums(s.sumSq, typed, alloc),
    sketches: typed ? packSketches(s.sketches, alloc) : s.sketches.map((k) => serializeSketch(k)),
    positive: typed ? copyF64(alloc, s.positive) : Array.from(s.positive),
    negative: typed ? copyF64(alloc, s.negative) : Array.from(s.negative),
  };
}

export function deserializeMetricSet(j: SerializedMetricSet): MetricSet {
  const count = Array.isArray(j.sketches) ? j.sketches.length : j.sketches.count;
  if (count !== METRIC_COUNT) throw new Error(`metric set has ${count} metrics, expected ${METRIC_COUNT}`);
  return {
    n: j.n,
    sum: deserializeExactSums(j.sum),
    sumSq: deserializeExactSums(j.sumSq),
    sketches: Array.isArray(j.sketches) ? j.sketches.map(deserializeSketch) : unpackSketches(j.sketches),
    positive: Float64Array.from(j.positive),
    negative: Float64Array.from(j.negative),
    pending: null,
    pendingN: 0,
  };
}

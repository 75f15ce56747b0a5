/**
 * Accumulates variants of a scenario simulated with common random numbers: each variant's own
 * accumulator plus, per run, the difference of its metrics against variant 0 (total and per product
 * shared by id). Differences of paired runs have far less spread than the variants themselves, which
 * is what lets compare/optimize/recommend tell small effects from luck.
 */
import { METRIC_COUNT, type Metric, type RunOutput } from "../engine/metrics.ts";
import {
  addRun,
  clearAccumulator,
  createAccumulator,
  mergeSerializedAccumulator,
  serializeAccumulator,
  summarise,
  type Accumulator,
  type SerializeOptions,
} from "./accumulator.ts";
import {
  createMetricSet,
  deserializeMetricSet,
  metricSetAdd,
  metricSetClear,
  metricSetDiffSummary,
  metricSetMerge,
  serializeMetricSet,
  type MetricSet,
  type SerializedMetricSet,
} from "./metricSet.ts";
import type { PairedResult, PrecisionReport } from "./result.ts";
import type { AccumulatorMeta, SerializedAccumulator } from "./serializedAccumulator.ts";
import type { DiffSummary } from "./summary.ts";

export interface PairedAccumulator {
  variants: Accumulator[];
  /** diff[i − 1]: total metrics of variant i minus variant 0, per run. */
  diff: MetricSet[];
  /** productPairs[i − 1]: [product index in variant 0, product index in variant i] for shared ids. */
  productPairs: [number, number][][];
  productDiff: MetricSet[][];
  scratch: Float64Array;
}

/** For each variant after the first, the [index in variant 0, index in variant i] of products they share. */
function productPairsOf(metas: AccumulatorMeta[]): [number, number][][] {
  const base = metas[0].productIds;
  return metas.slice(1).map((m) => {
    const pairs: [number, number][] = [];
    base.forEach((id, p0) => {
      const pi = m.productIds.indexOf(id);
      if (pi >= 0) pairs.push([p0, pi]);
    });
    return pairs;
  });
}

export function createPairedAccumulator(metas: AccumulatorMeta[]): PairedAccumulator {
  const variants = metas.map((m) => createAccumulator(m));
  const productPairs = productPairsOf(metas);
  return {
    variants,
    diff: metas.slice(1).map(createMetricSet),
    productPairs,
    productDiff: productPairs.map((pairs) => pairs.map(createMetricSet)),
    scratch: new Float64Array(METRIC_COUNT),
  };
}

/** Folds run `runIndex` of every variant (outs[v] written by the engine for variant v). */
export function addPairedRun(acc: PairedAccumulator, runIndex: number, outs: RunOutput[]): void {
  acc.variants.forEach((a, v) => addRun(a, runIndex, outs[v]));
  const base = acc.variants[0].lastMetrics;
  const d = acc.scratch;
  for (let i = 1; i < acc.variants.length; i++) {
    const lm = acc.variants[i].lastMetrics;
    for (let m = 0; m < METRIC_COUNT; m++) d[m] = lm[m] - base[m];
    metricSetAdd(acc.diff[i - 1], d);
    const pairs = acc.productPairs[i - 1];
    for (let k = 0; k < pairs.length; k++) {
      const o0 = (pairs[k][0] + 1) * METRIC_COUNT;
      const oi = (pairs[k][1] + 1) * METRIC_COUNT;
      for (let m = 0; m < METRIC_COUNT; m++) d[m] = lm[oi + m] - base[o0 + m];
      metricSetAdd(acc.productDiff[i - 1][k], d);
    }
  }
}

/** Empties every part (clearAccumulator), keeping the memory. */
export function clearPairedAccumulator(acc: PairedAccumulator): void {
  acc.variants.forEach(clearAccumulator);
  acc.diff.forEach(metricSetClear);
  acc.productDiff.forEach((sets) => sets.forEach(metricSetClear));
}

/**
 * A paired accumulator for `metas` with nothing in it: `prev`, cleared, when it was made for the
 * same metas (scenarios and layout) — its sums, sketches' value arrays and sampled rows already grown
 * and touched, so folding or merging into it allocates nothing — else a new one.
 */
export function emptyPairedAccumulator(metas: AccumulatorMeta[], prev: PairedAccumulator | null): PairedAccumulator {
  if (prev !== null && JSON.stringify(prev.variants.map((v) => v.meta)) === JSON.stringify(metas)) {
    clearPairedAccumulator(prev);
    return prev;
  }
  return createPairedAccumulator(metas);
}

export interface SerializedPairedAccumulator {
  variants: SerializedAccumulator[];
  diff: SerializedMetricSet[];
  productDiff: SerializedMetricSet[][];
  /**
   * True when the arrays are views of an arena the sender writes again for its next part (a worker's
   * shared memory, or the in-thread runner's): a receiver merges the part into memory of its own
   * (mergeSerializedPaired) instead of adopting it.
   */
  transient?: boolean;
}

export function serializePairedAccumulator(acc: PairedAccumulator, opts: SerializeOptions = {}): SerializedPairedAccumulator {
  const typed = opts.typed === true;
  return {
    variants: acc.variants.map((v) => serializeAccumulator(v, opts)),
    diff: acc.diff.map((s) => serializeMetricSet(s, typed, opts.alloc)),
    productDiff: acc.productDiff.map((sets) => sets.map((s) => serializeMetricSet(s, typed, opts.alloc))),
  };
}

/** Adds a serialised part into `a` without keeping any of its arrays (see `transient`). */
export function mergeSerializedPaired(a: PairedAccumulator, j: SerializedPairedAccumulator): PairedAccumulator {
  if (a.variants.length !== j.variants.length || a.diff.length !== j.diff.length || a.productDiff.length !== j.productDiff.length)
    throw new Error("cannot merge paired results with different variant counts");
  a.variants.forEach((v, i) => mergeSerializedAccumulator(v, j.variants[i]));
  a.diff.forEach((s, i) => metricSetMerge(s, deserializeMetricSet(j.diff[i])));
  a.productDiff.forEach((sets, i) => {
    if (sets.length !== j.productDiff[i].length) throw new Error("cannot merge paired results with different product pairs");
    sets.forEach((s, k) => metricSetMerge(s, deserializeMetricSet(j.productDiff[i][k])));
  });
  return a;
}

function zeroDiff(like: Record<Metric, DiffSummary>): Record<Metric, DiffSummary> {
  const out = {} as Record<Metric, DiffSummary>;
  for (const k of Object.keys(like) as Metric[])
    out[k] = { mean: 0, sd: 0, se: 0, ci95: [0, 0], p05: 0, p50: 0, p95: 0, min: 0, max: 0, positive: 0, negative: 0 };
  return out;
}

export function summarisePaired(acc: PairedAccumulator, info: { workers: number; elapsedMs: number; precision?: PrecisionReport }): PairedResult {
  const variants = acc.variants.map((v) => summarise(v, { workers: info.workers, elapsedMs: info.elapsedMs }));
  const diffs = acc.diff.map(metricSetDiffSummary);
  const empty = zeroDiff(diffs[0] ?? metricSetDiffSummary(createMetricSet()));
  const base = acc.variants[0].meta.productIds;
  const productDiff: Record<string, Record<Metric, DiffSummary>>[] = [
    Object.fromEntries(base.map((id) => [id, zeroDiff(empty)])),
    ...acc.productDiff.map((sets, i) => Object.fromEntries(sets.map((s, k) => [base[acc.productPairs[i][k][0]], metricSetDiffSummary(s)]))),
  ];
  const out: PairedResult = {
    runs: acc.variants[0].n,
    seed: acc.variants[0].meta.seed,
    workers: info.workers,
    elapsedMs: Math.round(info.elapsedMs),
    variants,
    diff: [empty, ...diffs],
    productDiff,
  };
  if (info.precision) out.precision = info.precision;
  return out;
}

/**
 * A deterministic sample of runs: the K runs with the smallest hash of (seed, run index) — a
 * bottom-k sample. Which runs are in it depends only on the set of runs seen, so samples merge
 * in any order and any split of runs gives the same sample. For each sampled run it keeps the
 * total-level metric vector (histograms, scatter plots) and daily series (p10/p50/p90 fan bands).
 */
import { fmix32 } from "../engine/random.ts";
import { newF64, type F64Alloc } from "./arena.ts";

export const SAMPLE_SIZE = 256;

/** A 32-bit hash of the seed text (FNV-1a), computed once per accumulator. */
export function seedHash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Run's sampling key: a well-mixed 32-bit hash (murmur3 finaliser) of the seed hash and run index. */
export function runKey(seedH: number, runIndex: number): number {
  return fmix32((seedH ^ Math.imul(runIndex | 0, 0x9e3779b1) ^ Math.floor(runIndex / 4294967296)) >>> 0);
}

export interface SampledRun {
  run: number;
  key: number;
  metrics: Float64Array;
  daily: Float64Array;
}

export interface RunSample {
  k: number;
  seedH: number;
  metricCount: number;
  dailyLength: number;
  runs: SampledRun[];
  /** Index in `runs` of the entry that leaves first (largest key), or -1 while not full. */
  worst: number;
  /** Entries of a cleared sample, whose buffers the next runs to enter take over. */
  spare?: SampledRun[];
}

export function createRunSample(seed: string, metricCount: number, dailyLength: number, k = SAMPLE_SIZE): RunSample {
  return { k, seedH: seedHash(seed), metricCount, dailyLength, runs: [], worst: -1 };
}

/** a before b: smaller key first, run index breaks ties. */
const before = (aKey: number, aRun: number, b: SampledRun) => aKey < b.key || (aKey === b.key && aRun < b.run);

function findWorst(s: RunSample): void {
  let w = 0;
  for (let i = 1; i < s.runs.length; i++) if (before(s.runs[w].key, s.runs[w].run, s.runs[i])) w = i;
  s.worst = w;
}

/** Whether a run with this index would enter the sample (cheap pre-check before copying its data). */
export function sampleWants(s: RunSample, runIndex: number): boolean {
  if (s.runs.length < s.k) return true;
  return before(runKey(s.seedH, runIndex), runIndex, s.runs[s.worst]);
}

function insert(s: RunSample, run: number, key: number, metrics: ArrayLike<number>, daily: ArrayLike<number>, copy: boolean): void {
  if (s.runs.length < s.k) {
    const spare = copy ? s.spare?.pop() : undefined;
    if (spare !== undefined) {
      spare.run = run;
      spare.key = key;
      spare.metrics.set(metrics);
      spare.daily.set(daily);
      s.runs.push(spare);
    } else {
      s.runs.push({
        run,
        key,
        metrics: metrics instanceof Float64Array ? (copy ? metrics.slice() : metrics) : Float64Array.from(metrics),
        daily: daily instanceof Float64Array ? (copy ? daily.slice() : daily) : Float64Array.from(daily),
      });
    }
    if (s.runs.length === s.k) findWorst(s);
    return;
  }
  const w = s.runs[s.worst];
  if (!before(key, run, w)) return;
  // Reuse the evicted entry's buffers: no allocation per sampled run once full.
  w.run = run;
  w.key = key;
  w.metrics.set(metrics);
  w.daily.set(daily);
  findWorst(s);
}

/** Empties the sample; its entries' buffers are kept for the runs that enter next. */
export function sampleClear(s: RunSample): void {
  (s.spare ??= []).push(...s.runs);
  s.runs = [];
  s.worst = -1;
}

/** Offers a run; copies its metric vector and daily series if it enters the sample. */
export function sampleOffer(s: RunSample, runIndex: number, metrics: ArrayLike<number>, daily: ArrayLike<number>): void {
  if (!sampleWants(s, runIndex)) return;
  insert(s, runIndex, runKey(s.seedH, runIndex), metrics, daily, true);
}

export function sampleMerge(a: RunSample, b: RunSample): void {
  if (a.seedH !== b.seedH || a.dailyLength !== b.dailyLength || a.metricCount !== b.metricCount)
    throw new Error("cannot merge run samples of different seeds or layouts");
  const have = new Set(a.runs.map((r) => r.run));
  for (const r of b.runs)
    if (!have.has(r.run) && (a.runs.length < a.k || before(r.key, r.run, a.runs[a.worst]))) insert(a, r.run, r.key, r.metrics, r.daily, true);
}

/** Sampled runs in run-index order. */
export function sampleRuns(s: RunSample): SampledRun[] {
  return [...s.runs].sort((a, b) => a.run - b.run);
}

/** The sampled runs in three typed arrays (worker messages): run indices, metric rows, daily rows. */
export interface PackedRuns {
  index: Float64Array;
  metrics: Float64Array;
  daily: Float64Array;
}

export interface SerializedRunSample {
  k: number;
  seedH: number;
  metricCount: number;
  dailyLength: number;
  runs: { run: number; metrics: number[] | Float64Array; daily: number[] | Float64Array }[] | PackedRuns;
}

/**
 * JSON-safe with number[] (shard files); `typed` packs every sampled run into three typed arrays, so
 * structured clone copies three blocks instead of two arrays per run for every variant.
 */
export function serializeRunSample(s: RunSample, typed = false, alloc: F64Alloc = newF64): SerializedRunSample {
  const head = { k: s.k, seedH: s.seedH, metricCount: s.metricCount, dailyLength: s.dailyLength };
  const runs = sampleRuns(s);
  if (!typed) return { ...head, runs: runs.map((r) => ({ run: r.run, metrics: Array.from(r.metrics), daily: Array.from(r.daily) })) };
  const M = s.metricCount;
  const D = s.dailyLength;
  const packed: PackedRuns = { index: alloc(runs.length), metrics: alloc(runs.length * M), daily: alloc(runs.length * D) };
  runs.forEach((r, i) => {
    packed.index[i] = r.run;
    packed.metrics.set(r.metrics, i * M);
    packed.daily.set(r.daily, i * D);
  });
  return { ...head, runs: packed };
}

/** A packed sample's rows become views into its arrays (each row belongs to one run, so writing a row in place is safe). */
export function deserializeRunSample(j: SerializedRunSample): RunSample {
  const s: RunSample = { k: j.k, seedH: j.seedH, metricCount: j.metricCount, dailyLength: j.dailyLength, runs: [], worst: -1 };
  const M = j.metricCount;
  const D = j.dailyLength;
  if (Array.isArray(j.runs)) {
    if (j.runs.length > j.k) throw new Error("run sample holds more runs than its size");
    for (const r of j.runs) s.runs.push({ run: r.run, key: runKey(s.seedH, r.run), metrics: Float64Array.from(r.metrics), daily: Float64Array.from(r.daily) });
  } else {
    const p = j.runs;
    const n = p.index.length;
    if (n > j.k) throw new Error("run sample holds more runs than its size");
    if (p.metrics.length !== n * M || p.daily.length !== n * D) throw new Error("run sample is corrupted: its rows do not match its layout");
    for (let i = 0; i < n; i++) {
      const run = p.index[i];
      s.runs.push({ run, key: runKey(s.seedH, run), metrics: p.metrics.subarray(i * M, (i + 1) * M), daily: p.daily.subarray(i * D, (i + 1) * D) });
    }
  }
  if (s.runs.length === s.k) findWorst(s);
  return s;
}

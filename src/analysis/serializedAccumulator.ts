/**
 * The JSON-safe form of an accumulator: what a worker posts back per chunk and what
 * `simulate --shard k/n --out part.json` writes. Treat the body as opaque outside src/analysis.
 */
export const ACCUMULATOR_FORMAT = "backorder-lab.accumulator/2";

export interface AccumulatorMeta {
  /** Scenario name (for display). */
  scenario: string;
  /** Fingerprint of the scenario as simulated; only accumulators with equal fingerprints merge. */
  fingerprint: string;
  seed: string;
  startDate: string;
  horizonDays: number;
  warmupDays: number;
  productIds: string[];
  /**
   * false when the job kept no daily series of its sampled runs (decision tools that read totals
   * only): the summary's daily p10/p50/p90 bands are then NaN; daily means are always exact.
   */
  dailyBands?: false;
}

export interface SerializedAccumulator {
  format: typeof ACCUMULATOR_FORMAT;
  meta: AccumulatorMeta;
  /** Runs covered as sorted, disjoint [start, end) ranges. */
  runRanges: [number, number][];
  /** Everything else; its layout belongs to src/analysis/accumulator.ts. */
  body: unknown;
}

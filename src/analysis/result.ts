/**
 * What a Monte Carlo simulation reports (docs/model.md §6–§8). JSON-safe: this is the document
 * `simulate --json` prints and what the app displays. Keys of the command-line contract come first.
 */
import type { CountField, DailySeries, Metric, ProductDailySeries } from "../engine/metrics.ts";
import type { DiffSummary, Summary } from "./summary.ts";

/** Per-day band of one total-level daily series: mean over all runs, percentiles from the run sample. */
export interface DailyBand {
  mean: number[];
  p10: number[];
  p50: number[];
  p90: number[];
}

/** How a precision-targeted run ended (RunOptions.precision). */
export interface PrecisionReport {
  metric: Metric;
  /** Requested 95 % CI half-width relative to |mean|. */
  target: number;
  /** Achieved 95 % CI half-width relative to |mean| (Infinity when the mean is 0). */
  achieved: number;
  reached: boolean;
  runsUsed: number;
  maxRuns: number;
}

export interface SimulationResult {
  /** Scenario name. */
  scenario: string;
  /** Runs folded into this result. */
  runs: number;
  seed: string;
  horizonDays: number;
  /** Worker threads used (0 = in-thread). */
  workers: number;
  elapsedMs: number;
  /** Product-days simulated per second of wall time (warm-up days included). */
  skuDaysPerSecond: number;
  total: Record<Metric, Summary>;
  products: Record<string, Record<Metric, Summary>>;
  /** First run index and run count ranges covered, as [start, end) pairs (shards may cover several). */
  runRanges: [number, number][];
  daily: {
    /** ISO date of the first counted day (index 0 of every series). */
    startDate: string;
    series: Record<DailySeries, DailyBand>;
    /** Runs in the sample the p10/p50/p90 bands come from. */
    sampleRuns: number;
  };
  /** Per-product daily means (for sparklines). */
  productDaily: Record<string, Record<ProductDailySeries, number[]>>;
  /** Mean count per run of backordered orders shipped after d whole days (last bin: WAIT_BINS − 1 or more). */
  waitHistogram: number[];
  /**
   * A deterministic sample of runs (bottom-k by a hash of seed and run index) with their total-level
   * metrics, for histograms and scatter plots. Runs are sorted by index; metrics[m][i] belongs to runIndex[i].
   */
  samples: { runIndex: number[]; metrics: Record<Metric, number[]> };
  /**
   * The counts of the conservation identities (docs/model.md §6, COUNT_FIELDS), in total and per
   * product, each the exact sum over all runs (divide by `runs` for the mean per run): every identity
   * holds exactly on them. Absent only in results saved by versions that did not keep them.
   */
  counts?: { total: Record<CountField, number>; products: Record<string, Record<CountField, number>> };
  precision?: PrecisionReport;
}

/** Variants simulated with common random numbers (same seed, same run indices). */
export interface PairedResult {
  runs: number;
  seed: string;
  workers: number;
  elapsedMs: number;
  variants: SimulationResult[];
  /**
   * diff[i]: per-run total-metric differences variant i − variant 0, summarised (diff[0] is all zeros).
   * Because runs are paired, its CI is far narrower than comparing two independent summaries.
   */
  diff: Record<Metric, DiffSummary>[];
  /** productDiff[i][id]: per-product paired differences for products present in both variants (by id). */
  productDiff: Record<string, Record<Metric, DiffSummary>>[];
  precision?: PrecisionReport;
}

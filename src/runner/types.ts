/**
 * The Monte Carlo runner's one interface (docs/model.md §7). Implementations: in-thread
 * (`createInThreadRunner`, used by unit tests and `--workers 0`), its structured-clone twin
 * (`createCloneRunner`), Node worker threads (`createNodeRunner`) and browser Web Workers
 * (`createBrowserRunner`). All give identical results for the same scenario, seed and runs.
 */
import type { Metric } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import type { PairedResult, SimulationResult } from "../analysis/result.ts";
import type { SerializedAccumulator } from "../analysis/serializedAccumulator.ts";

export type { PairedResult, SimulationResult, SerializedAccumulator };

/** "Run until the 95 % CI half-width of mean(metric) ≤ relativeHalfWidth × |mean|", capped at maxRuns. */
export interface PrecisionTarget {
  /** Default "profit". For simulatePaired the target applies to the difference vs variant 0 of the last variant. */
  metric?: Metric;
  relativeHalfWidth: number;
  /** Default 100 000. */
  maxRuns?: number;
}

export interface Progress {
  runsDone: number;
  runsTotal: number;
  elapsedMs: number;
  /** Estimated time to finish; null until the first chunk is done. */
  etaMs: number | null;
}

export interface RunOptions {
  /** Runs to simulate; default scenario.runs. With `precision`, the first batch size (default min(scenario.runs, 200)). */
  runs?: number;
  /** Index of the first run (shards run contiguous slices); default 0. */
  firstRun?: number;
  /** Runs per chunk handed to a worker; default sized for ~75 ms per chunk. Never changes results. */
  chunkRuns?: number;
  precision?: PrecisionTarget;
  /** Cancels the run: workers are terminated and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called after every chunk. */
  onProgress?: (p: Progress) => void;
  /** Called with the result so far, at most every `partialIntervalMs` (default 250 ms), for live charts. */
  onPartial?: (r: SimulationResult) => void;
  partialIntervalMs?: number;
  /**
   * false: keep no daily series of the sampled runs, so the result's daily p10/p50/p90 bands are NaN
   * (daily means stay exact). For callers that read totals only (optimise, recommend, sensitivity):
   * with a dozen variants the sampled series were most of what the workers hand over and merge.
   */
  dailyBands?: boolean;
}

export interface Runner {
  /** Worker threads in use; 0 for in-thread runners. */
  readonly workers: number;
  /** Simulate runs [firstRun, firstRun + runs) and summarise. */
  simulate(s: Scenario, o?: RunOptions): Promise<SimulationResult>;
  /** Same runs, but return the mergeable accumulator (shard files, `merge`). Ignores `precision`. */
  simulateAccumulator(s: Scenario, o?: RunOptions): Promise<SerializedAccumulator>;
  /**
   * Common random numbers: every variant runs the same run indices with variant 0's seed, so
   * differences come from the scenarios, not from luck. Variants may differ in anything but
   * horizonDays/warmupDays/startDate.
   */
  simulatePaired(variants: Scenario[], o?: RunOptions): Promise<PairedResult>;
  /** Stops idle workers. The runner may be used again afterwards (a fresh pool starts). */
  dispose(): void;
}

export interface PoolOptions {
  /** Worker count; default: available cores (navigator.hardwareConcurrency / os.availableParallelism()). */
  workers?: number;
  /** Test hook: a different worker module (e.g. one that crashes). */
  workerUrl?: URL;
}

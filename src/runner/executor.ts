/**
 * Where chunks run: the driver (runJob) hands chunks to an executor's slots as they free up and
 * collects the workers' accumulators when it needs results. In-thread executors have one slot; pools
 * have two per worker, so each worker has its next chunk queued while the main thread answers.
 */
import type { SerializedPairedAccumulator } from "../analysis/pairedAccumulator.ts";
import type { JobLayout } from "../analysis/accumulator.ts";
import type { Scenario } from "../engine/scenario.ts";

export interface Executor {
  /** Chunks that may be outstanding at once. */
  readonly slots: number;
  /** Worker threads (0 in-thread), reported in results. */
  readonly workers: number;
  /** Makes `scenarios` the current job; workers load it before their first chunk. */
  begin(jobId: number, scenarios: Scenario[], layout?: JobLayout): void;
  /** Simulates a chunk; resolves with the number of runs done. */
  runChunk(slot: number, jobId: number, firstRun: number, runs: number): Promise<number>;
  /** Takes every worker's accumulated runs since the last collect (call with no chunk outstanding for a complete result). */
  collect(jobId: number): Promise<SerializedPairedAccumulator[]>;
  /**
   * Browser pools: like collect, but each worker posts its part on a MessagePort of its own whose other
   * end `deliver` hands to the aggregator (a worker), so parts never pass through this thread.
   * Resolves once the workers have posted and `deliver` has resolved.
   */
  collectDirect?(jobId: number, deliver: (ports: MessagePort[]) => Promise<void>): Promise<void>;
  /** The job ended normally: idle workers may stay for the next job. */
  end(): void;
  /** Stop everything now (cancel or failure): pending calls reject, workers are terminated. */
  abort(reason: Error): void;
  dispose(): void;
}

/**
 * The Runner interface on top of any executor: size check, one job at a time, and asking the job's
 * aggregator for results. Every runner implementation is this plus its executor and aggregator.
 */
import type { Scenario } from "../engine/scenario.ts";
import { estimateWork } from "../io/estimate.ts";
import { SimulationTooBigError } from "./errors.ts";
import type { Executor } from "./executor.ts";
import { createLocalAggregator, type Aggregator } from "./jobAggregate.ts";
import { runJob } from "./runJob.ts";
import type { Runner, RunOptions } from "./types.ts";

function checkSize(s: Scenario, runs: number, workers: number, memoryLimitBytes?: number): void {
  const est = estimateWork(s, { runs, horizonDays: s.horizonDays, workers: Math.max(1, workers), memoryLimitBytes });
  if (est.tooBig)
    throw new SimulationTooBigError(est.message ?? `'${s.name}' is too big to simulate: ${est.productDays} product-days`, est.productDays, est.seconds);
}

/**
 * `agg` holds the job's running total; by default on the calling thread. `memoryLimitBytes`: what
 * a job may use (estimate.ts; the command line passes a share of the machine's memory).
 */
export function runnerFromExecutor(ex: Executor, agg: Aggregator = createLocalAggregator(), memoryLimitBytes?: number): Runner {
  // Jobs run one after another: a new request waits for (or follows the cancellation of) the last.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = tail.then(fn, fn);
    tail = p.catch(() => undefined);
    return p;
  };
  const plannedRuns = (s: Scenario, o: RunOptions) => (o.precision ? (o.runs ?? Math.min(s.runs, 200)) : (o.runs ?? s.runs));

  return {
    get workers() {
      return ex.workers;
    },
    async simulate(s, o = {}) {
      checkSize(s, plannedRuns(s, o), ex.workers, memoryLimitBytes);
      return exclusive(async () => {
        const { elapsedMs, precision } = await runJob(ex, agg, [s], o);
        return agg.simulation({ workers: ex.workers, elapsedMs, precision });
      });
    },
    async simulateAccumulator(s, o = {}) {
      const { precision: _ignored, ...rest } = o;
      checkSize(s, plannedRuns(s, rest), ex.workers, memoryLimitBytes);
      return exclusive(async () => {
        await runJob(ex, agg, [s], rest);
        return agg.accumulator();
      });
    },
    async simulatePaired(variants, o = {}) {
      if (variants.length === 0) throw new Error("simulatePaired needs at least one scenario");
      const base = variants[0];
      for (const v of variants)
        if (v.horizonDays !== base.horizonDays || v.warmupDays !== base.warmupDays || v.startDate !== base.startDate)
          throw new Error(`'${v.name}' must have the same horizonDays, warmupDays and startDate as '${base.name}' to be compared run by run`);
      // Common random numbers: the same seed and run indices for every variant.
      const paired = variants.map((v) => (v.seed === base.seed ? v : { ...v, seed: base.seed }));
      for (const v of paired) checkSize(v, plannedRuns(v, o), ex.workers, memoryLimitBytes);
      return exclusive(async () => {
        const { elapsedMs, precision } = await runJob(ex, agg, paired, o);
        return agg.paired({ workers: ex.workers, elapsedMs, precision });
      });
    },
    dispose() {
      ex.dispose();
      agg.dispose();
    },
  };
}

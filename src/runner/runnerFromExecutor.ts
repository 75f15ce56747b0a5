/**
 * The Runner interface on top of any executor: size check, one job at a time, and turning the
 * job's accumulator into results. Every runner implementation is this plus its executor.
 */
import { serializeAccumulator, summarise } from "../analysis/accumulator.ts";
import { summarisePaired } from "../analysis/pairedAccumulator.ts";
import type { Scenario } from "../engine/scenario.ts";
import { estimateWork } from "../io/estimate.ts";
import { SimulationTooBigError } from "./errors.ts";
import type { Executor } from "./executor.ts";
import { runJob } from "./runJob.ts";
import type { Runner, RunOptions } from "./types.ts";

function checkSize(s: Scenario, runs: number, workers: number): void {
  const est = estimateWork(s, { runs, horizonDays: s.horizonDays, workers: Math.max(1, workers) });
  if (est.tooBig) throw new SimulationTooBigError(est.message ?? `'${s.name}' is too big to simulate: ${est.productDays} product-days`, est.productDays, est.seconds);
}

export function runnerFromExecutor(ex: Executor): Runner {
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
      checkSize(s, plannedRuns(s, o), ex.workers);
      return exclusive(async () => {
        const { acc, elapsedMs, precision } = await runJob(ex, [s], o);
        return summarise(acc.variants[0], { workers: ex.workers, elapsedMs, precision });
      });
    },
    async simulateAccumulator(s, o = {}) {
      const { precision: _ignored, ...rest } = o;
      checkSize(s, plannedRuns(s, rest), ex.workers);
      return exclusive(async () => serializeAccumulator((await runJob(ex, [s], rest)).acc.variants[0]));
    },
    async simulatePaired(variants, o = {}) {
      if (variants.length === 0) throw new Error("simulatePaired needs at least one scenario");
      const base = variants[0];
      for (const v of variants)
        if (v.horizonDays !== base.horizonDays || v.warmupDays !== base.warmupDays || v.startDate !== base.startDate)
          throw new Error(`'${v.name}' must have the same horizonDays, warmupDays and startDate as '${base.name}' to be compared run by run`);
      // Common random numbers: the same seed and run indices for every variant.
      const paired = variants.map((v) => (v.seed === base.seed ? v : { ...v, seed: base.seed }));
      for (const v of paired) checkSize(v, plannedRuns(v, o), ex.workers);
      return exclusive(async () => {
        const { acc, elapsedMs, precision } = await runJob(ex, paired, o);
        return summarisePaired(acc, { workers: ex.workers, elapsedMs, precision });
      });
    },
    dispose() {
      ex.dispose();
    },
  };
}

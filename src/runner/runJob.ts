/**
 * The driver every runner shares: splits runs into chunks, hands them to free executor slots as they
 * become free, passes chunk accumulators to the job's aggregator (exact merging, so arrival order never
 * matters), reports progress and throttled partial results, stops on abort, and in precision mode runs
 * batches until the target is met. The driver itself never merges or summarises: in the browser that
 * work happens in the aggregator's worker, so the page only receives finished results.
 */
import type { PrecisionReport } from "../analysis/result.ts";
import { M } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import {
  ASSUMED_PRODUCT_DAYS_PER_SECOND,
  FIRST_CHUNK_RUNS,
  MAX_CHUNK_RUNS,
  MIN_CHUNKS_PER_SLOT,
  PARTIAL_INTERVAL_MS,
  PRECISION_FIRST_BATCH,
  PRECISION_MAX_RUNS,
  PRECISION_METRIC,
  TARGET_CHUNK_MS,
} from "./defaults.ts";
import { abortError } from "./errors.ts";
import type { Executor } from "./executor.ts";
import type { Aggregator } from "./jobAggregate.ts";
import type { RunOptions } from "./types.ts";

/** The job's total stays in the aggregator: ask it for results. */
export interface JobOutcome {
  elapsedMs: number;
  precision?: PrecisionReport;
}

let nextJobId = 1;
const now = () => performance.now();

/** Runs the job on the executor. `scenarios` are variants sharing run indices (one for simulate). */
export async function runJob(ex: Executor, agg: Aggregator, scenarios: Scenario[], o: RunOptions = {}): Promise<JobOutcome> {
  const { signal } = o;
  if (signal?.aborted) throw abortError(signal);
  const jobId = nextJobId++;
  const t0 = now();
  const productDaysPerRun = scenarios.reduce((s, x) => s + x.products.length * (x.horizonDays + x.warmupDays), 0);
  let msPerRun = Math.max(1e-4, (productDaysPerRun / ASSUMED_PRODUCT_DAYS_PER_SECOND) * 1000);
  let runsDone = 0;
  let runsTotal = 0;
  let lastPartial = -Infinity;
  const partialEvery = o.partialIntervalMs ?? PARTIAL_INTERVAL_MS;

  let onAbort: (() => void) | null = null;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      const err = abortError(signal);
      ex.abort(err);
      reject(err);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});

  const parallel = Math.max(1, ex.workers);
  let batchDone = 0;
  // Speed is measured from the batch's first finished chunk on: before it, workers start, load and
  // compile, and counting that time against a 2-run first chunk made the next chunks 1 run long.
  let rateStart: number | null = null;
  let rateRuns = 0;
  let dispatched = 0;
  const chunkSize = (remaining: number) => {
    if (o.chunkRuns && o.chunkRuns > 0) return Math.floor(o.chunkRuns);
    // Measured speed of this batch so far (all workers together), else the prior guess.
    if (rateStart !== null && batchDone > rateRuns) msPerRun = Math.max(1e-4, ((now() - rateStart) * parallel) / (batchDone - rateRuns));
    // The first chunk of each slot is a handful of runs so the first partial result comes quickly
    // (a worker answers a collect only after the chunk queued behind, so both queued chunks are short);
    // the next round is half-size, then chunks take TARGET_CHUNK_MS.
    const round = Math.floor(dispatched / ex.slots);
    dispatched++;
    if (round === 0) return Math.max(1, Math.min(FIRST_CHUNK_RUNS, Math.ceil(remaining / ex.slots)));
    const target = round === 1 ? TARGET_CHUNK_MS / 2 : TARGET_CHUNK_MS;
    const byTime = Math.round(target / msPerRun);
    const byBalance = Math.ceil(remaining / (ex.slots * MIN_CHUNKS_PER_SLOT));
    return Math.max(1, Math.min(byTime, byBalance, MAX_CHUNK_RUNS));
  };

  // Worker accumulators come back only when collected: for partial results (throttled) and at batch ends.
  let collecting: Promise<void> | null = null;
  const collect = () =>
    (collecting ??= (
      ex.collectDirect && agg.addFromPorts
        ? ex.collectDirect(jobId, (ports) => agg.addFromPorts!(ports))
        : ex.collect(jobId).then((parts) => (parts.length > 0 ? agg.add(parts) : undefined))
    ).finally(() => {
      collecting = null;
    }));

  const afterChunk = () => {
    const elapsedMs = now() - t0;
    o.onProgress?.({ runsDone, runsTotal, elapsedMs, etaMs: runsDone > 0 ? (elapsedMs / runsDone) * (runsTotal - runsDone) : null });
    if (o.onPartial && collecting === null && now() - lastPartial >= partialEvery && runsDone < runsTotal) {
      lastPartial = now();
      const onPartial = o.onPartial;
      collect()
        .then(() => agg.simulation({ workers: ex.workers, elapsedMs: now() - t0 }))
        .then(
          (r) => {
            if (!signal?.aborted) onPartial(r);
          },
          () => {},
        );
    }
  };

  const runBatch = (first: number, count: number) =>
    new Promise<void>((resolve, reject) => {
      let cursor = first;
      const end = first + count;
      let active = 0;
      let failed = false;
      batchDone = 0;
      rateStart = null;
      const free = Array.from({ length: ex.slots }, (_, i) => ex.slots - 1 - i);
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const finish = async () => {
        try {
          while (collecting) await collecting;
          await collect();
          resolve();
        } catch (err) {
          fail(err);
        }
      };
      const pump = () => {
        while (!failed && !signal?.aborted && free.length > 0 && cursor < end) {
          const slot = free.pop()!;
          const n = Math.min(chunkSize(end - cursor), end - cursor);
          const start = cursor;
          cursor += n;
          active++;
          ex.runChunk(slot, jobId, start, n).then(
            () => {
              if (failed) return;
              try {
                runsDone += n;
                batchDone += n;
                if (rateStart === null) {
                  rateStart = now();
                  rateRuns = batchDone;
                }
                active--;
                free.push(slot);
                afterChunk();
                if (signal?.aborted) return;
                if (cursor >= end && active === 0) void finish();
                else pump();
              } catch (err) {
                fail(err);
              }
            },
            (err) => fail(err),
          );
        }
      };
      if (count <= 0) void finish();
      else pump();
    });

  try {
    const layout = { dailyBands: o.dailyBands !== false };
    ex.begin(jobId, scenarios, layout);
    await Promise.race([agg.begin(scenarios, layout), aborted]);
    const first = o.firstRun ?? 0;
    let precision: PrecisionReport | undefined;
    if (!o.precision) {
      runsTotal = o.runs ?? scenarios[0].runs;
      await Promise.race([runBatch(first, runsTotal), aborted]);
    } else {
      const metricName = o.precision.metric ?? PRECISION_METRIC;
      const m = M[metricName];
      const target = o.precision.relativeHalfWidth;
      const maxRuns = Math.max(1, Math.floor(o.precision.maxRuns ?? PRECISION_MAX_RUNS));
      let batch = Math.min(maxRuns, Math.max(2, o.runs ?? Math.min(scenarios[0].runs, PRECISION_FIRST_BATCH)));
      for (;;) {
        runsTotal = runsDone + batch;
        await Promise.race([runBatch(first + runsDone, batch), aborted]);
        const rel = await Promise.race([agg.relativeHalfWidth(m), aborted]);
        const reached = rel <= target;
        if (reached || runsDone >= maxRuns) {
          precision = { metric: metricName, target, achieved: rel, reached, runsUsed: runsDone, maxRuns };
          break;
        }
        // n grows with (achieved / target)²; aim 5 % past it, and at least a quarter more runs per batch.
        const needed = Number.isFinite(rel) ? Math.ceil(runsDone * (rel / target) ** 2 * 1.05) : runsDone * 2;
        batch = Math.min(maxRuns - runsDone, Math.max(needed - runsDone, Math.ceil(runsDone / 4)));
      }
    }
    ex.end();
    return { elapsedMs: now() - t0, precision };
  } catch (err) {
    if (!signal?.aborted) ex.abort(err instanceof Error ? err : new Error(String(err)));
    throw signal?.aborted ? abortError(signal) : err;
  } finally {
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

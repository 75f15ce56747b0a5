/**
 * Runner on module Web Workers (the app): a pool of simulation workers plus one small aggregate
 * worker that merges their accumulators and summarises, so the page's thread only receives finished
 * results; the accumulators travel from each simulation worker to the aggregate worker over a
 * MessageChannel of their own, never through the page. The workers themselves come from
 * webWorkers.ts, which may have started them as the page loaded.
 */
import { wrap } from "comlink";
import type { Api as AggregateApi } from "../../workers/aggregate.worker.ts";
import type { Api } from "../../workers/simulation.worker.ts";
import { WorkerFailedError } from "./errors.ts";
import { createRemoteAggregator, type AggregateWorkerHandle } from "./remoteAggregator.ts";
import { runnerFromExecutor } from "./runnerFromExecutor.ts";
import type { PoolOptions, Runner } from "./types.ts";
import { createPoolExecutor, type WorkerHandle } from "./workerPool.ts";
import { defaultWorkerCount, earlyFailure, takeAggregateWorker, takeSimulationWorker } from "./webWorkers.ts";

function failure(worker: Worker, what: string): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
    const already = earlyFailure(worker);
    if (already !== null) reject(new WorkerFailedError(`${what} worker crashed: ${already}`));
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      reject(new WorkerFailedError(`${what} worker crashed: ${e.message || "failed to load or threw outside a call"}`));
    });
    worker.addEventListener("messageerror", () => reject(new WorkerFailedError(`${what} worker sent a message that could not be read`)));
  });
  failed.catch(() => {});
  return failed;
}

function spawnWebWorker(url?: URL): WorkerHandle {
  const worker = url ? new Worker(url, { type: "module" }) : takeSimulationWorker();
  return { api: wrap<Api>(worker), failed: failure(worker, "simulation"), terminate: () => worker.terminate() };
}

function spawnAggregateWorker(): AggregateWorkerHandle {
  const worker = takeAggregateWorker();
  return { api: wrap<AggregateApi>(worker), failed: failure(worker, "result"), terminate: () => worker.terminate() };
}

export function createBrowserRunner(o: PoolOptions = {}): Runner {
  const n = Math.max(1, Math.floor(o.workers ?? defaultWorkerCount()));
  // Parts go from each simulation worker straight to the aggregate worker (collectDirect).
  return runnerFromExecutor(
    createPoolExecutor(() => spawnWebWorker(o.workerUrl), n, { direct: true }),
    createRemoteAggregator(spawnAggregateWorker),
  );
}

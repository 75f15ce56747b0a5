/**
 * Runner on module Web Workers (the app): a pool of simulation workers plus one small aggregate
 * worker that merges their accumulators and summarises, so the page's thread only receives finished
 * results; the accumulators travel from each simulation worker to the aggregate worker over a
 * MessageChannel of their own, never through the page. Vite bundles the workers because each URL is written literally in `new Worker(new URL(…, import.meta.url))`.
 */
import { wrap } from "comlink";
import type { Api as AggregateApi } from "../../workers/aggregate.worker.ts";
import type { Api } from "../../workers/simulation.worker.ts";
import { WorkerFailedError } from "./errors.ts";
import { createRemoteAggregator, type AggregateWorkerHandle } from "./remoteAggregator.ts";
import { runnerFromExecutor } from "./runnerFromExecutor.ts";
import type { PoolOptions, Runner } from "./types.ts";
import { createPoolExecutor, type WorkerHandle } from "./workerPool.ts";

function failure(worker: Worker, what: string): Promise<never> {
  const failed = new Promise<never>((_, reject) => {
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
  const worker = url
    ? new Worker(url, { type: "module" })
    : new Worker(new URL("../../workers/simulation.worker.ts", import.meta.url), { type: "module" });
  return { api: wrap<Api>(worker), failed: failure(worker, "simulation"), terminate: () => worker.terminate() };
}

function spawnAggregateWorker(): AggregateWorkerHandle {
  const worker = new Worker(new URL("../../workers/aggregate.worker.ts", import.meta.url), { type: "module" });
  return { api: wrap<AggregateApi>(worker), failed: failure(worker, "result"), terminate: () => worker.terminate() };
}

export function createBrowserRunner(o: PoolOptions = {}): Runner {
  const cores = typeof navigator !== "undefined" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  const n = Math.max(1, Math.floor(o.workers ?? cores));
  // Parts go from each simulation worker straight to the aggregate worker (collectDirect).
  return runnerFromExecutor(createPoolExecutor(() => spawnWebWorker(o.workerUrl), n, { direct: true }), createRemoteAggregator(spawnAggregateWorker));
}

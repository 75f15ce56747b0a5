/**
 * Runner on module Web Workers (the app). Vite bundles workers/simulation.worker.ts because the URL
 * is written literally in `new Worker(new URL(…, import.meta.url))`.
 */
import { wrap } from "comlink";
import type { Api } from "../../workers/simulation.worker.ts";
import { WorkerFailedError } from "./errors.ts";
import { runnerFromExecutor } from "./runnerFromExecutor.ts";
import type { PoolOptions, Runner } from "./types.ts";
import { createPoolExecutor, type WorkerHandle } from "./workerPool.ts";

function spawnWebWorker(url?: URL): WorkerHandle {
  const worker = url
    ? new Worker(url, { type: "module" })
    : new Worker(new URL("../../workers/simulation.worker.ts", import.meta.url), { type: "module" });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      reject(new WorkerFailedError(`simulation worker crashed: ${e.message || "failed to load or threw outside a call"}`));
    });
    worker.addEventListener("messageerror", () => reject(new WorkerFailedError("simulation worker sent a message that could not be read")));
  });
  failed.catch(() => {});
  return { api: wrap<Api>(worker), failed, terminate: () => worker.terminate() };
}

export function createBrowserRunner(o: PoolOptions = {}): Runner {
  const cores = typeof navigator !== "undefined" && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  const n = Math.max(1, Math.floor(o.workers ?? cores));
  return runnerFromExecutor(createPoolExecutor(() => spawnWebWorker(o.workerUrl), n));
}

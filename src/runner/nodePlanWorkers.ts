/**
 * Plan workers on Node worker threads (command line): the bundled worker when it can be had
 * (bundleCache.mjs), else the TypeScript sources through tsx, as for simulation workers.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { wrap } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { bundled, cachedBundlePath, projectRoot } from "./bundleCache.mjs";
import { WorkerFailedError } from "./errors.ts";
import type { PlanWorkerApi, PlanWorkerHandle } from "./planWork.ts";

let known: URL | null | undefined;

function workerUrl(): URL {
  const root = projectRoot(import.meta.url);
  if (known === undefined) {
    try {
      known = bundled(root, "workers/plan.node-worker.ts", cachedBundlePath(root, "plan.node-worker.mjs"));
    } catch {
      known = null;
    }
  }
  return known ?? pathToFileURL(join(root, "workers/plan.node.mjs"));
}

/** Starts one plan worker thread. A crash rejects the call in flight with a WorkerFailedError. */
export function spawnNodePlanWorker(): PlanWorkerHandle {
  const worker = new Worker(workerUrl());
  let terminating = false;
  const failed = new Promise<never>((_, reject) => {
    worker.on("error", (err) => reject(new WorkerFailedError(`plan worker crashed: ${err.message}`, { cause: err })));
    worker.on("exit", (code) => {
      if (!terminating) reject(new WorkerFailedError(`plan worker stopped unexpectedly (exit code ${code})`));
    });
  });
  failed.catch(() => {});
  const remote = wrap<PlanWorkerApi>(nodeEndpoint(worker));
  return {
    api: {
      load: (s, t, o) => Promise.race([remote.load(s, t, o), failed]),
      plan: (ix) => Promise.race([remote.plan(ix), failed]),
    },
    terminate() {
      terminating = true;
      void worker.terminate();
    },
  };
}

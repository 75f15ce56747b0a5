/**
 * Runner on Node worker threads (command line, Node tests). Workers run a bundle of their sources
 * made on first use (workerBundle.ts), or load the TypeScript sources through tsx
 * (workers/simulation.node.mjs); either way no build step is needed.
 */
import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { wrap } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { WorkerApi } from "./chunkWorker.ts";
import { WorkerFailedError } from "./errors.ts";
import { runnerFromExecutor } from "./runnerFromExecutor.ts";
import type { PoolOptions, Runner } from "./types.ts";
import { projectRoot } from "./bundleCache.mjs";
import { bundledSimulationWorker } from "./workerBundle.ts";
import { createPoolExecutor, type WorkerHandle } from "./workerPool.ts";

/** The worker shell that loads the sources through tsx, when no bundle can be had. */
const sourceWorker = () => pathToFileURL(join(projectRoot(import.meta.url), "workers/simulation.node.mjs"));

function spawnNodeWorker(url: URL): WorkerHandle {
  const worker = new Worker(url);
  let terminating = false;
  const failed = new Promise<never>((_, reject) => {
    worker.on("error", (err) => reject(new WorkerFailedError(`simulation worker crashed: ${err.message}`, { cause: err })));
    worker.on("exit", (code) => {
      if (!terminating) reject(new WorkerFailedError(`simulation worker stopped unexpectedly (exit code ${code})`));
    });
  });
  failed.catch(() => {});
  return {
    api: wrap<WorkerApi>(nodeEndpoint(worker)),
    failed,
    terminate() {
      terminating = true;
      void worker.terminate();
    },
    busy(b) {
      if (b) worker.ref();
      else worker.unref();
    },
  };
}

export function createNodeRunner(o: PoolOptions = {}): Runner {
  const n = Math.max(1, Math.floor(o.workers ?? availableParallelism()));
  const url = o.workerUrl ?? bundledSimulationWorker() ?? sourceWorker();
  // A batch machine may use more memory than a browser tab: 60 % of what it has.
  return runnerFromExecutor(
    createPoolExecutor(() => spawnNodeWorker(url), n),
    undefined,
    Math.floor(0.6 * totalmem()),
  );
}

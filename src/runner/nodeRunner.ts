/**
 * Runner on Node worker threads (command line, Node tests). Workers run a bundle of their sources
 * made on first use (workerBundle.ts), or load the TypeScript sources through tsx
 * (workers/simulation.node.mjs); either way no build step is needed.
 */
import { availableParallelism, totalmem } from "node:os";
import type { WorkerApi } from "./chunkWorker.ts";
import { startNodeWorker } from "./nodeWorkerThread.ts";
import { runnerFromExecutor } from "./runnerFromExecutor.ts";
import type { PoolOptions, Runner } from "./types.ts";
import { nodeWorkerUrl } from "./workerBundle.ts";
import { createPoolExecutor, type WorkerHandle } from "./workerPool.ts";

function spawnNodeWorker(url: URL): WorkerHandle {
  const { remote, failed, terminate, busy } = startNodeWorker<WorkerApi>(url, "simulation");
  return { api: remote, failed, terminate, busy };
}

export function createNodeRunner(o: PoolOptions = {}): Runner {
  const n = Math.max(1, Math.floor(o.workers ?? availableParallelism()));
  const url = o.workerUrl ?? nodeWorkerUrl("simulation");
  // A batch machine may use more memory than a browser tab: 60 % of what it has.
  return runnerFromExecutor(
    createPoolExecutor(() => spawnNodeWorker(url), n),
    undefined,
    Math.floor(0.6 * totalmem()),
  );
}

/**
 * A worker thread of the command line running one of the workers/*.node-worker.ts files: their
 * bundle when it can be had (bundleCache.mjs), else the TypeScript sources through tsx
 * (workers/*.node.mjs), as for simulation workers. A crash rejects `failed` with a WorkerFailedError.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { wrap, type Remote } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { bundled, cachedBundlePath, projectRoot } from "./bundleCache.mjs";
import { WorkerFailedError } from "./errors.ts";

const known = new Map<string, URL | null>();

function workerUrl(name: string): URL {
  const root = projectRoot(import.meta.url);
  if (!known.has(name)) {
    let url: URL | null;
    try {
      url = bundled(root, `workers/${name}.node-worker.ts`, cachedBundlePath(root, `${name}.node-worker.mjs`));
    } catch {
      url = null;
    }
    known.set(name, url);
  }
  return known.get(name) ?? pathToFileURL(join(root, `workers/${name}.node.mjs`));
}

/** Starts worker `name` (e.g. "plan": workers/plan.node-worker.ts); `what` names it in errors. */
export function startNodeWorker<T>(name: string, what: string): { remote: Remote<T>; failed: Promise<never>; terminate(): void } {
  const worker = new Worker(workerUrl(name));
  let terminating = false;
  const failed = new Promise<never>((_, reject) => {
    worker.on("error", (err) => reject(new WorkerFailedError(`${what} worker crashed: ${err.message}`, { cause: err })));
    worker.on("exit", (code) => {
      if (!terminating) reject(new WorkerFailedError(`${what} worker stopped unexpectedly (exit code ${code})`));
    });
  });
  failed.catch(() => {});
  return {
    remote: wrap<T>(nodeEndpoint(worker)),
    failed,
    terminate() {
      terminating = true;
      void worker.terminate();
    },
  };
}

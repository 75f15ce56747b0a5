/**
 * A worker thread of the command line (workers/<name>.node-worker.ts, bundled or through tsx:
 * workerBundle.ts) behind comlink. A crash or an unexpected exit rejects `failed` with a
 * WorkerFailedError naming the worker.
 */
import { Worker } from "node:worker_threads";
import { wrap, type Remote } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { WorkerFailedError } from "./errors.ts";

export interface NodeWorkerThread<T> {
  remote: Remote<T>;
  failed: Promise<never>;
  terminate(): void;
  /** Whether the worker keeps the process alive (while it has work). */
  busy(b: boolean): void;
}

/** Starts the worker at `url`; `what` names it in errors ("simulation", "plan", "fit"). */
export function startNodeWorker<T>(url: URL, what: string): NodeWorkerThread<T> {
  const worker = new Worker(url);
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
    busy(b) {
      if (b) worker.ref();
      else worker.unref();
    },
  };
}

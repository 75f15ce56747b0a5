/** Fit workers on Node worker threads (command line). */
import { transfer } from "comlink";
import type { FitWorkerApi, FitWorkerHandle } from "./fitWork.ts";
import { startNodeWorker } from "./nodeWorkerThread.ts";
import { nodeWorkerUrl } from "./workerBundle.ts";

/** Starts one fit worker thread. A crash rejects the call in flight with a WorkerFailedError. */
export function spawnNodeFitWorker(): FitWorkerHandle {
  const { remote, failed, terminate } = startNodeWorker<FitWorkerApi>(nodeWorkerUrl("fit"), "fit");
  return {
    api: {
      load: (shared) => Promise.race([remote.load(shared), failed]),
      fit: (series) => Promise.race([remote.fit(series), failed]),
      readPart: (bytes, setup) => Promise.race([remote.readPart(transfer(bytes, [bytes.buffer as ArrayBuffer]), setup), failed]),
    },
    terminate,
  };
}

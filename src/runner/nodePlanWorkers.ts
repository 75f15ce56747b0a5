/** Plan workers on Node worker threads (command line). */
import { startNodeWorker } from "./nodeWorkerThread.ts";
import { nodeWorkerUrl } from "./workerBundle.ts";
import type { PlanWorkerApi, PlanWorkerHandle } from "./planWork.ts";

/** Starts one plan worker thread. A crash rejects the call in flight with a WorkerFailedError. */
export function spawnNodePlanWorker(): PlanWorkerHandle {
  const { remote, failed, terminate } = startNodeWorker<PlanWorkerApi>(nodeWorkerUrl("plan"), "plan");
  return {
    api: {
      load: (s, t, o) => Promise.race([remote.load(s, t, o), failed]),
      plan: (ix) => Promise.race([remote.plan(ix), failed]),
    },
    terminate,
  };
}

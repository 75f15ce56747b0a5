/** Plan workers as Web Workers (the app's Plan tab): one per core, each planning batches of products. */
import { wrap } from "comlink";
import type { Api } from "../../workers/plan.worker.ts";
import { WorkerFailedError } from "./errors.ts";
import type { PlanWorkerHandle } from "./planWork.ts";
import { planWorker } from "./webWorkers.ts";

export function spawnBrowserPlanWorker(): PlanWorkerHandle {
  const worker = planWorker();
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      reject(new WorkerFailedError(`plan worker crashed: ${e.message || "failed to load or threw outside a call"}`));
    });
  });
  failed.catch(() => {});
  const remote = wrap<Api>(worker);
  return {
    api: {
      load: (s, t, o) => Promise.race([remote.load(s, t, o), failed]),
      plan: (ix) => Promise.race([remote.plan(ix), failed]),
    },
    terminate: () => worker.terminate(),
  };
}

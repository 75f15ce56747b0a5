/** Web Worker shell: simulates chunks of runs for src/runner/browserRunner.ts. */
import { expose } from "comlink";
import { createWorkerApi } from "../src/runner/chunkWorker.ts";
import { warmUpSimulation } from "../src/runner/warmUp.ts";

// On a cross-origin-isolated page (served with the headers in vite.config.ts) parts go to the
// aggregate worker as views of this worker's shared arena; elsewhere they are copied, as postMessage does.
const api = createWorkerApi(globalThis.crossOriginIsolated ? { arena: "shared" } : {});
export type Api = typeof api;
expose(api);
// The page is still loading when its workers start: run the code once before the first job.
setTimeout(warmUpSimulation, 0);

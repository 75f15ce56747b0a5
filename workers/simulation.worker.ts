/** Web Worker shell: simulates chunks of runs for src/runner/browserRunner.ts. */
import { expose } from "comlink";
import { createWorkerApi } from "../src/runner/chunkWorker.ts";
import { warmUpSimulation } from "../src/runner/warmUp.ts";

const api = createWorkerApi();
export type Api = typeof api;
expose(api);
// The page is still loading when its workers start: run the code once before the first job.
setTimeout(warmUpSimulation, 0);

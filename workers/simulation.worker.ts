/** Web Worker shell: simulates chunks of runs for src/runner/browserRunner.ts. */
import { expose } from "comlink";
import { createWorkerApi } from "../src/runner/chunkWorker.ts";

const api = createWorkerApi();
export type Api = typeof api;
expose(api);

/** Node worker-thread shell: simulates chunks of runs for src/runner/nodeRunner.ts. */
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createWorkerApi } from "../src/runner/chunkWorker.ts";

// Parts go to the main thread as views of this worker's shared arena: no copy, no fresh memory.
const api = createWorkerApi({ arena: "shared" });
export type Api = typeof api;
if (!parentPort) throw new Error("simulation.node-worker must run in a worker thread");
expose(api, nodeEndpoint(parentPort));

/** Node worker-thread shell: simulates chunks of runs for src/runner/nodeRunner.ts. */
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createWorkerApi } from "../src/runner/chunkWorker.ts";

const api = createWorkerApi();
export type Api = typeof api;
if (!parentPort) throw new Error("simulation.node-worker must run in a worker thread");
expose(api, nodeEndpoint(parentPort));

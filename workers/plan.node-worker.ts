/** Node worker-thread shell: plans batches of products for src/runner/planWork.ts (the command line). */
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createPlanWorkerApi } from "../src/runner/planWork.ts";

const api = createPlanWorkerApi();
export type Api = typeof api;
if (!parentPort) throw new Error("plan.node-worker must run in a worker thread");
expose(api, nodeEndpoint(parentPort));

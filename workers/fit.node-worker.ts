/** Node worker-thread shell: fits batches of skus of a sales history for src/runner/fitWork.ts (the command line). */
import { parentPort } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { createFitWorkerApi } from "../src/runner/fitWork.ts";

if (!parentPort) throw new Error("fit.node-worker must run in a worker thread");
expose(createFitWorkerApi(), nodeEndpoint(parentPort));

/** Web Worker shell: plans batches of products for the app's Plan tab (src/runner/planWork.ts). */
import { expose } from "comlink";
import { createPlanWorkerApi } from "../src/runner/planWork.ts";

const api = createPlanWorkerApi();
export type Api = typeof api;
expose(api);

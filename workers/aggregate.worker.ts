/** Web Worker shell: holds a job's running total and summarises it off the page's thread (src/runner/browserRunner.ts). */
import { expose } from "comlink";
import { createAggregateWorkerApi } from "../src/runner/jobAggregate.ts";

const api = createAggregateWorkerApi();
export type Api = typeof api;
expose(api);

/** Web Worker shell: holds a job's running total and summarises it off the page's thread (src/runner/browserRunner.ts). */
import { expose } from "comlink";
import { createAggregateWorkerApi } from "../src/runner/jobAggregate.ts";
import { warmUpAggregate } from "../src/runner/warmUp.ts";

const api = createAggregateWorkerApi();
export type Api = typeof api;
expose(api);
// The page is still loading when its workers start: run the code once before the first job.
setTimeout(warmUpAggregate, 0);

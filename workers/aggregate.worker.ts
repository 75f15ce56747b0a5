/** Web Worker shell: holds a job's running total and summarises it off the page's thread (src/runner/browserRunner.ts). */
import { expose } from "comlink";
import { createJobAggregate } from "../src/runner/jobAggregate.ts";

const api = createJobAggregate();
export type Api = typeof api;
expose(api);

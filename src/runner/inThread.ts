/**
 * Runners that simulate on the calling thread: `createInThreadRunner` (unit tests, `--workers 0`)
 * and `createCloneRunner`, which passes every message (to the chunk worker and to the aggregator)
 * through structuredClone exactly as postMessage would, so serialisation is tested without starting a worker.
 */
import type { JobLayout } from "../analysis/accumulator.ts";
import type { Scenario } from "../engine/scenario.ts";
import { createChunkWorker } from "./chunkWorker.ts";
import { WorkerFailedError } from "./errors.ts";
import type { Executor } from "./executor.ts";
import { createLocalAggregator } from "./jobAggregate.ts";
import { runnerFromExecutor } from "./runnerFromExecutor.ts";
import type { Runner } from "./types.ts";

/**
 * Lets timers, abort listeners and the UI run between chunks: setImmediate where there is one (Node,
 * where setTimeout waits at least 1 ms — 30 ms of a 200-run bench job's 1.7 s), else setTimeout.
 */
const yieldToEventLoop: () => Promise<void> =
  typeof setImmediate === "function"
    ? () => new Promise<void>((resolve) => setImmediate(resolve))
    : () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function createInThreadExecutor(clone: boolean): Executor {
  // In-thread parts are serialised into one arena used again (the aggregate copies them in); the
  // clone runner's go through structuredClone as a Web Worker's would, new each time.
  const worker = createChunkWorker(clone ? {} : { arena: "local" });
  const pass = <T>(x: T): T => (clone ? structuredClone(x) : x);
  let scenarios: Scenario[] = [];
  let layout: JobLayout = {};
  let loaded = -1;
  let stopped: Error | null = null;
  return {
    slots: 1,
    workers: 0,
    begin(_jobId, s, l = {}) {
      scenarios = s;
      layout = l;
      stopped = null;
    },
    async runChunk(_slot, jobId, firstRun, runs) {
      await yieldToEventLoop();
      if (stopped) throw stopped;
      if (loaded !== jobId) {
        worker.load(jobId, pass(scenarios), layout);
        loaded = jobId;
      }
      return worker.run(jobId, firstRun, runs);
    },
    async collect(jobId) {
      if (stopped) throw stopped;
      if (loaded !== jobId) return [];
      const a = worker.take(jobId);
      return a === null ? [] : [pass(a)];
    },
    end() {},
    abort(reason) {
      stopped = reason;
    },
    dispose() {
      stopped = new WorkerFailedError("the simulation was stopped because its runner was disposed");
    },
  };
}

export function createInThreadRunner(): Runner {
  return runnerFromExecutor(createInThreadExecutor(false));
}

export function createCloneRunner(): Runner {
  return runnerFromExecutor(createInThreadExecutor(true), createLocalAggregator(true));
}

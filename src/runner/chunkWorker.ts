/**
 * What a worker does: compile the job's scenarios once, simulate the chunks of runs it is handed into
 * one paired accumulator, and hand that accumulator over on request. The same code runs in-thread, in Node worker
 * threads and in Web Workers, which is why all runners agree exactly.
 */
import { readScenarios, receivedText } from "./scenarioText.ts";
import { metaForScenario, type JobLayout } from "../analysis/accumulator.ts";
import { Float64Arena } from "../analysis/arena.ts";
import {
  addPairedRun,
  emptyPairedAccumulator,
  serializePairedAccumulator,
  type PairedAccumulator,
  type SerializedPairedAccumulator,
} from "../analysis/pairedAccumulator.ts";
import { compileScenario } from "../engine/compile.ts";
import { createRunOutput, type RunOutput } from "../engine/metrics.ts";
import type { Scenario } from "../engine/scenario.ts";
import { simulateRun } from "../engine/simulateRun.ts";

type Model = ReturnType<typeof compileScenario>;

export interface ChunkWorker {
  /** Compiles the scenarios of a job (variants share run indices and seed) and starts an empty accumulator. */
  load(jobId: number, scenarios: Scenario[], layout?: JobLayout): void;
  /** Simulates runs [firstRun, firstRun + runs) of every variant into the job's accumulator; returns runs done. */
  run(jobId: number, firstRun: number, runs: number): number;
  /**
   * Hands over everything accumulated since the last take and starts afresh. Chunks fold into one
   * accumulator per worker and travel only on take, so messaging costs do not grow with the chunk count.
   * With an arena (ChunkWorkerOptions), the part is `transient`: valid until the next take.
   */
  take(jobId: number): SerializedPairedAccumulator | null;
}

export interface ChunkWorkerOptions {
  /**
   * Serialise each part into one arena used again for the next (arena.ts), and mark it transient:
   * "shared" for Node worker threads, whose parts then reach the main thread as views of shared
   * memory, nothing copied; "local" in-thread. Without it (Web Workers) each part is new memory,
   * which postMessage copies and the receiver may keep.
   */
  arena?: "shared" | "local";
}

/**
 * Compiles and simulates a one-product, one-week copy of the scenario once, before the real model.
 * V8 records the type of each field of an object shape from its first instance and widens it at the
 * second; engine code optimised while only one model existed was thrown away when the next model
 * (a changed parameter) was compiled, and ran several times slower until optimised again (in
 * Chromium the first re-run after an edit took 130–175 ms for its first two runs, 2 ms once warm).
 * Made with a throwaway first instance, the real model is the second one and nothing is undone.
 */
function primeEngine(s: Scenario | undefined): void {
  if (!s || s.products.length === 0) return;
  try {
    const tiny = compileScenario({ ...s, products: s.products.slice(0, 1), horizonDays: 7, warmupDays: 0 });
    simulateRun(tiny, 0, createRunOutput(tiny.nProducts, tiny.horizonDays));
  } catch {
    // Only a speed-up: the real model reports any problem itself.
  }
}

export function createChunkWorker(opts: ChunkWorkerOptions = {}): ChunkWorker {
  const arena = opts.arena ? new Float64Arena(opts.arena === "shared") : null;
  let job = -1;
  let scenarios: Scenario[] = [];
  let models: Model[] = [];
  let outs: RunOutput[] = [];
  let acc: PairedAccumulator | null = null;
  // The last accumulator handed over (its contents copied out), for the next job with the same
  // scenarios and layout (emptyPairedAccumulator). On bench, each job's sketches and sampled rows
  // were about 10 MB of fresh memory.
  let spare: PairedAccumulator | null = null;
  // The last job's scenarios as text: a re-run, the next batch of a precision run or the next
  // benchmark round reuses the compiled models (and the engine's working memory kept per model).
  let loadedText = "";
  let layout: JobLayout = {};
  const check = (jobId: number) => {
    if (jobId !== job) throw new Error(`request for job ${jobId} arrived but job ${job} is loaded`);
  };
  return {
    load(jobId, s, l = {}) {
      layout = l;
      // The run count does not change the model: a re-run with more or fewer runs keeps it.
      const text = JSON.stringify(s.map(({ runs: _runs, ...rest }) => rest));
      scenarios = s;
      if (text !== loadedText) {
        if (loadedText === "") primeEngine(s[0]);
        models = s.map((x) => compileScenario(x));
        outs = models.map((m) => createRunOutput(m.nProducts, m.horizonDays));
        loadedText = text;
      }
      acc = null;
      job = jobId;
    },
    run(jobId, firstRun, runs) {
      check(jobId);
      if (acc === null) {
        acc = emptyPairedAccumulator(
          scenarios.map((x) => metaForScenario(x, layout)),
          spare,
        );
        spare = null;
      }
      for (let r = firstRun; r < firstRun + runs; r++) {
        for (let v = 0; v < models.length; v++) simulateRun(models[v], r, outs[v]);
        addPairedRun(acc, r, outs);
      }
      return runs;
    },
    take(jobId) {
      check(jobId);
      const a = acc;
      acc = null;
      if (a === null) return null;
      let part: SerializedPairedAccumulator;
      if (arena !== null) {
        arena.reset();
        part = serializePairedAccumulator(a, { typed: true, alloc: arena.f64 });
        part.transient = true;
      } else part = serializePairedAccumulator(a, { typed: true });
      spare = a;
      return part;
    },
  };
}

/**
 * The object worker shells expose with comlink. A taken accumulator is copied, not transferred:
 * detaching an ArrayBuffer, once, makes V8 check every typed-array access in the thread for
 * detachment from then on, and the engine (all typed arrays) ran 25–30 % slower on two workers.
 */
export function createWorkerApi(opts: ChunkWorkerOptions = {}) {
  const w = createChunkWorker(opts);
  /** Slices of a job's scenarios' text received so far (`slice`), for the `load` that follows them. */
  const slices = receivedText();
  return {
    /**
     * `scenarios` as JSON text (what the pool sends) or objects; null: the text is the slices sent for
     * this job (`slice`), in order.
     */
    load: (jobId: number, scenarios: Scenario[] | string | null, layout?: JobLayout) => {
      w.load(jobId, readScenarios(scenarios ?? slices.take(jobId)), layout);
    },
    /** One slice of job `jobId`'s scenarios' JSON text (a catalogue's text crosses in slices: WORKER_TEXT_SLICE). */
    slice: (jobId: number, text: string) => slices.add(jobId, text),
    run: (jobId: number, firstRun: number, runs: number) => w.run(jobId, firstRun, runs),
    take: (jobId: number) => w.take(jobId),
    /**
     * Posts what `take` returns (an accumulator or null) on `port` and closes it: in the browser the
     * other end is in the aggregate worker, so the page never receives, reads or forwards it.
     */
    sendTo: (jobId: number, port: PartPort) => {
      const part = w.take(jobId);
      port.postMessage(part);
      port.close();
      return part !== null;
    },
  };
}

/** The end of a MessageChannel a worker posts its part on (a browser or Node MessagePort). */
export interface PartPort {
  postMessage(message: unknown): void;
  close(): void;
}

export type WorkerApi = ReturnType<typeof createWorkerApi>;

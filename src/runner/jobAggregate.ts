/**
 * The running total of a job: every worker's accumulator is merged here, and partial or final
 * results are summarised from it. The browser keeps it in a worker of its own (workers/aggregate.worker.ts)
 * so merging and summarising never hold up the page; in-thread and Node runners keep it on the caller's thread.
 * Merging is exact, so where it runs and in which order parts arrive never changes a figure.
 */
import { readScenarios, receivedText } from "./scenarioText.ts";
import { metaForScenario, serializeAccumulator, summarise, type JobLayout } from "../analysis/accumulator.ts";
import { metricHalfWidth, metricMean, type MetricSet } from "../analysis/metricSet.ts";
import {
  emptyPairedAccumulator,
  mergeSerializedPaired,
  summarisePaired,
  type PairedAccumulator,
  type SerializedPairedAccumulator,
} from "../analysis/pairedAccumulator.ts";
import type { PairedResult, PrecisionReport, SimulationResult } from "../analysis/result.ts";
import type { SerializedAccumulator } from "../analysis/serializedAccumulator.ts";
import type { Scenario } from "../engine/scenario.ts";
import { summarisePacked, type PackedSimulationResult } from "../analysis/packedResult.ts";
import { transfer } from "comlink";

export interface ResultInfo {
  workers: number;
  elapsedMs: number;
  precision?: PrecisionReport;
}

export interface JobAggregate {
  /** Starts an empty total for the job's variants. */
  begin(scenarios: Scenario[], layout?: JobLayout): void;
  /** Merges worker accumulators into the total. */
  add(parts: SerializedPairedAccumulator[]): void;
  /**
   * 95 % CI half-width of mean(metric) relative to |mean|, on the last variant's difference against
   * variant 0 when there are several variants, else on variant 0 itself (precision targets).
   */
  relativeHalfWidth(metricIndex: number): number;
  /** Variant 0 summarised. */
  simulation(info: ResultInfo): SimulationResult;
  /** Variant 0 summarised, its per-product figures packed (what crosses to the page). */
  simulationPacked(info: ResultInfo): PackedSimulationResult;
  paired(info: ResultInfo): PairedResult;
  /** Variant 0 as a mergeable accumulator (shard files). */
  accumulator(): SerializedAccumulator;
}

export function createJobAggregate(): JobAggregate {
  // The job's total; the next job of the same scenarios and layout reuses it cleared, so merging
  // parts into it touches no fresh memory (emptyPairedAccumulator).
  let acc: PairedAccumulator | null = null;
  const current = (): PairedAccumulator => {
    if (!acc) throw new Error("no simulation job has begun");
    return acc;
  };
  return {
    begin(scenarios, layout = {}) {
      acc = emptyPairedAccumulator(
        scenarios.map((s) => metaForScenario(s, layout)),
        acc,
      );
    },
    add(parts) {
      // Each part is copied in and none is kept: a transient part's arrays are the sender's arena,
      // and a copied one's would hold the total at its exact size, so that the next part had to
      // move it into new memory.
      for (const p of parts) mergeSerializedPaired(current(), p);
    },
    relativeHalfWidth(m) {
      const a = current();
      const set: MetricSet = a.diff.length > 0 ? a.diff[a.diff.length - 1] : a.variants[0].total;
      return metricHalfWidth(set, m) / Math.abs(metricMean(set, m));
    },
    simulation: (info) => summarise(current().variants[0], info),
    simulationPacked: (info) => summarisePacked(current().variants[0], info),
    paired: (info) => summarisePaired(current(), info),
    accumulator: () => serializeAccumulator(current().variants[0]),
  };
}

/** The aggregate seen from the driver: every call may cross a thread, so all of them are asynchronous. */
export type Aggregator = { [K in keyof JobAggregate]: (...a: Parameters<JobAggregate[K]>) => Promise<ReturnType<JobAggregate[K]>> } & {
  /** Stops a worker-held aggregate; pending calls reject. Later calls start a fresh one. */
  dispose(): void;
  /** A worker-held aggregate: receives one part (or null) on each port, straight from the simulation workers, and merges them. */
  addFromPorts?(ports: MessagePort[]): Promise<void>;
};

/**
 * What the aggregate worker exposes: the job aggregate plus `addFromPorts`. Parts that arrive for a
 * job that has since been replaced (begin called again, e.g. after a cancel) are dropped, so a late
 * message can never mix into another job's figures.
 */
export function createAggregateWorkerApi() {
  const a = createJobAggregate();
  let epoch = 0;
  /** Slices of the next job's scenarios' text received so far (`slice`), for the `beginFromSlices` that follows them. */
  const slices = receivedText();
  return {
    ...a,
    /** `scenarios` as JSON text (what the page sends) or objects. */
    begin(scenarios: Scenario[] | string, layout?: JobLayout) {
      epoch++;
      a.begin(readScenarios(scenarios), layout);
    },
    /** One slice of the scenarios' JSON text of the job `key` (a catalogue's text crosses in slices: WORKER_TEXT_SLICE). */
    slice(key: number, text: string) {
      slices.add(key, text);
    },
    /** Begins the job `key` whose scenarios' text came in slices, joined in order. */
    beginFromSlices(key: number, layout?: JobLayout) {
      const text = slices.take(key);
      epoch++;
      a.begin(readScenarios(text), layout);
    },
    /** Packed, its arrays transferred: the page copies nothing. */
    simulationPacked(info: ResultInfo): PackedSimulationResult {
      const p = a.simulationPacked(info);
      return transfer(p, [p.summaries.buffer, p.extremes.buffer, p.productDaily.buffer] as ArrayBuffer[]);
    },
    async addFromPorts(ports: MessagePort[]): Promise<void> {
      const mine = epoch;
      const parts = await Promise.all(
        ports.map(
          (port) =>
            new Promise<unknown>((resolve) => {
              port.onmessage = (e) => {
                port.onmessage = null;
                port.close();
                resolve(e.data);
              };
            }),
        ),
      );
      if (epoch !== mine) return;
      a.add(parts.filter((p): p is SerializedPairedAccumulator => p !== null));
    },
  };
}

/**
 * An aggregator on the calling thread. With `clone`, everything passes through structuredClone as
 * postMessage would, so the worker path's serialisation is tested without a worker.
 */
export function createLocalAggregator(clone = false): Aggregator {
  const a = createJobAggregate();
  const pass = <T>(x: T): T => (clone ? structuredClone(x) : x);
  return {
    begin: async (s, layout) => a.begin(pass(s), layout),
    add: async (parts) => a.add(pass(parts)),
    relativeHalfWidth: async (m) => a.relativeHalfWidth(m),
    simulation: async (info) => pass(a.simulation(info)),
    simulationPacked: async (info) => pass(a.simulationPacked(info)),
    paired: async (info) => pass(a.paired(info)),
    accumulator: async () => pass(a.accumulator()),
    dispose() {},
  };
}

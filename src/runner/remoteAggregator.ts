/**
 * An Aggregator whose total lives in a worker (the browser's workers/aggregate.worker.ts). The worker
 * starts on first use; dispose() terminates it and rejects pending calls, and the next call starts a
 * fresh one. Worker accumulators are handed on with their typed arrays transferred, not copied.
 */
import { scenariosPieces, sendText } from "./scenarioText.ts";
import { transfer, type Remote } from "comlink";
import { WorkerFailedError } from "./errors.ts";
import type { Aggregator, createAggregateWorkerApi } from "./jobAggregate.ts";

type AggregateWorkerApi = ReturnType<typeof createAggregateWorkerApi>;
import { buffersIn } from "./transferables.ts";
import { unpackResult } from "../analysis/packedResult.ts";

export interface AggregateWorkerHandle {
  api: Remote<AggregateWorkerApi>;
  /** Rejects when the worker dies. Never resolves. */
  failed: Promise<never>;
  terminate(): void;
}

export function createRemoteAggregator(spawn: () => AggregateWorkerHandle): Aggregator {
  let w: AggregateWorkerHandle | null = null;
  let stop = makeStop();
  /** Jobs begun: a job's text slices carry its number, and a newer job stops an older one's sending. */
  let begun = 0;

  function makeStop() {
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => {});
    return { promise, reject };
  }

  const call = <T>(fn: (api: Remote<AggregateWorkerApi>) => Promise<T>): Promise<T> => {
    w ??= spawn();
    return Promise.race([fn(w.api), w.failed, stop.promise]);
  };

  return {
    // A catalogue's text crosses a slice per message, as to the simulation workers.
    begin: (s, layout) => {
      const key = ++begun;
      return call(async (api) => {
        await sendText(
          scenariosPieces(s),
          (text) => api.begin(text, layout),
          (text) => api.slice(key, text),
          () => api.beginFromSlices(key, layout),
          () => key !== begun,
        );
      });
    },
    add: (parts) => call((api) => api.add(transfer(parts, [...buffersIn(parts)]))),
    addFromPorts: (ports) => call((api) => api.addFromPorts(transfer(ports, ports))),
    relativeHalfWidth: (m) => call((api) => api.relativeHalfWidth(m)),
    // Packed in the worker, unpacked lazily here: the page never rebuilds every product's figures.
    simulation: (info) => call((api) => api.simulationPacked(info)).then(unpackResult),
    simulationPacked: (info) => call((api) => api.simulationPacked(info)),
    paired: (info) => call((api) => api.paired(info)),
    accumulator: () => call((api) => api.accumulator()),
    dispose() {
      w?.terminate();
      w = null;
      stop.reject(new WorkerFailedError("the simulation was stopped because its runner was disposed"));
      stop = makeStop();
    },
  };
}

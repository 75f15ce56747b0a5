import { describe, expect, it } from "vitest";
import type { Remote } from "comlink";
import { createChunkWorker } from "../../src/runner/chunkWorker.ts";
import { createAggregateWorkerApi, createLocalAggregator } from "../../src/runner/jobAggregate.ts";
import { createRemoteAggregator, type AggregateWorkerHandle } from "../../src/runner/remoteAggregator.ts";
import { WorkerFailedError } from "../../src/runner/errors.ts";
import type { SerializedPairedAccumulator } from "../../src/analysis/pairedAccumulator.ts";
import { tinyScenario } from "./fixtures/tinyScenario.ts";
import { createWorkerApi } from "../../src/runner/chunkWorker.ts";
import { createPoolExecutor, type WorkerHandle } from "../../src/runner/workerPool.ts";
import { runnerFromExecutor } from "../../src/runner/runnerFromExecutor.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";

/**
 * An object on this thread reached as comlink would reach a worker: every call asynchronous (after
 * `wait`), arguments and results through structured clone — except calls named in `ports`, whose
 * MessagePorts cannot be cloned without being transferred and are handed over as they are.
 */
function inThreadRemote<T extends object>(target: T, ports: string, wait: () => Promise<unknown>): Remote<T> {
  return new Proxy({} as Remote<T>, {
    get:
      (_, name: string) =>
      async (...args: unknown[]) => {
        await wait();
        const pass = name === ports ? args : structuredClone(args);
        return structuredClone(await (target[name as keyof T] as (...x: unknown[]) => unknown)(...pass));
      },
  });
}

/** A simulation "worker" on this thread: calls are asynchronous, ports are real MessagePorts. */
function fakeSimulationWorker(): WorkerHandle {
  const api = inThreadRemote(createWorkerApi(), "sendTo", () => new Promise((r) => setTimeout(r, 0)));
  return { api, failed: new Promise<never>(() => {}), terminate() {} };
}

/** A worker handle whose "worker" is an aggregate on this thread reached through structured clone; `hold` parks calls. */
function fakeHandle(spawned: { count: number; terminated: number }, hold?: Promise<void>): AggregateWorkerHandle {
  spawned.count++;
  const api = inThreadRemote(createAggregateWorkerApi(), "addFromPorts", async () => {
    if (hold) await hold;
  });
  return { api, failed: new Promise<never>(() => {}), terminate: () => void spawned.terminated++ };
}

/** Chunk-worker parts for runs [0, 60) of a scenario, as a pool would collect them from two workers. */
function parts(): SerializedPairedAccumulator[] {
  const s = tinyScenario({ runs: 60 });
  return [
    [0, 25],
    [25, 35],
  ].map(([first, runs]) => {
    const w = createChunkWorker();
    w.load(1, [s]);
    w.run(1, first, runs);
    return w.take(1)!;
  });
}

describe("createRemoteAggregator", () => {
  it("createRemoteAggregator(spawn) gives the same result and precision figure as the aggregate on the calling thread", async () => {
    // Invariant: where the running total lives never changes a figure.
    const s = tinyScenario({ runs: 60 });
    const local = createLocalAggregator();
    await local.begin([s]);
    await local.add(parts());
    const spawned = { count: 0, terminated: 0 };
    const remote = createRemoteAggregator(() => fakeHandle(spawned));
    await remote.begin([s]);
    await remote.add(parts());
    const info = { workers: 2, elapsedMs: 10 };
    expect(await remote.simulation(info)).toEqual(await local.simulation(info));
    expect(await remote.relativeHalfWidth(0)).toBe(await local.relativeHalfWidth(0));
    expect((await remote.simulation(info)).runs).toBe(60);
    expect(spawned.count).toBe(1);
  });

  it("dispose() terminates the worker, rejects calls still pending, and the next call starts a fresh worker", async () => {
    const spawned = { count: 0, terminated: 0 };
    const never = new Promise<void>(() => {});
    let hold: Promise<void> | undefined = never;
    const remote = createRemoteAggregator(() => fakeHandle(spawned, hold));
    const pending = remote.begin([tinyScenario({ runs: 10 })]);
    remote.dispose();
    await expect(pending).rejects.toBeInstanceOf(WorkerFailedError);
    expect(spawned.terminated).toBe(1);
    hold = undefined;
    await remote.begin([tinyScenario({ runs: 10 })]);
    expect(spawned.count).toBe(2);
  });

  it("a call before any job has begun fails with a plain message", async () => {
    await expect(createLocalAggregator().simulation({ workers: 0, elapsedMs: 0 })).rejects.toThrow(/no simulation job has begun/);
  });

  it("with a direct pool the parts go from each worker to the aggregate over a port of their own, with the same result", async () => {
    const s = tinyScenario({ runs: 40 });
    const spawned = { count: 0, terminated: 0 };
    const direct = runnerFromExecutor(
      createPoolExecutor(fakeSimulationWorker, 2, { direct: true }),
      createRemoteAggregator(() => fakeHandle(spawned)),
    );
    const partials: number[] = [];
    const got = await direct.simulate(s, { chunkRuns: 3, partialIntervalMs: 0, onPartial: (r) => partials.push(r.runs) });
    const want = await createInThreadRunner().simulate(s);
    const strip = ({ elapsedMs: _e, skuDaysPerSecond: _s, workers: _w, ...rest }: typeof got) => rest;
    expect(strip(got)).toEqual(strip(want));
    expect(partials.length).toBeGreaterThan(0);
    expect(Math.max(...partials)).toBeLessThanOrEqual(40);
  });

  it("a part that arrives after its job was replaced is dropped, not merged into the next job", async () => {
    const s = tinyScenario({ runs: 20 });
    const agg = createAggregateWorkerApi();
    agg.begin([s]);
    const ch = new MessageChannel();
    const late = agg.addFromPorts([ch.port2 as unknown as MessagePort]);
    agg.begin([s]); // a new job (the old one was cancelled)
    ch.port1.postMessage(parts()[0]);
    await late;
    ch.port1.close();
    expect(() => agg.simulation({ workers: 1, elapsedMs: 1 })).not.toThrow();
    expect(agg.simulation({ workers: 1, elapsedMs: 1 }).runs).toBe(0);
  });
});

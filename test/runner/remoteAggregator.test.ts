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
import { WORKER_TEXT_SLICE } from "../../src/runner/scenarioText.ts";

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

/**
 * A worker handle whose "worker" is an aggregate on this thread reached through structured clone;
 * `hold` parks calls; `calls` (when given) records each call's name and the length of a text argument.
 */
function fakeHandle(spawned: { count: number; terminated: number }, hold?: Promise<void>, calls?: string[]): AggregateWorkerHandle {
  spawned.count++;
  const agg = createAggregateWorkerApi();
  const recorded = new Proxy(agg, {
    get: (t, name: string) => {
      const f = t[name as keyof typeof t] as (...x: unknown[]) => unknown;
      return (...args: unknown[]) => {
        const text = args.find((a) => typeof a === "string") as string | undefined;
        calls?.push(text === undefined ? name : `${name} ${text.length}`);
        return f(...args);
      };
    },
  });
  const api = inThreadRemote(recorded, "addFromPorts", async () => {
    if (hold) await hold;
  });
  return { api, failed: new Promise<never>(() => {}), terminate: () => void spawned.terminated++ };
}

/** Chunk-worker parts for all runs of a scenario ([0, 25) and [25, 60) of 60), as a pool would collect them from two workers. */
function parts(s = tinyScenario({ runs: 60 })): SerializedPairedAccumulator[] {
  const half = Math.floor((s.runs * 5) / 12);
  return [
    [0, half],
    [half, s.runs - half],
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

  it("a catalogue's scenario text crosses a slice per message and gives the figures of the aggregate on the calling thread", async () => {
    // 800 products with long names of 2- and 4-byte characters: the text is over two slices long.
    const big = tinyScenario({ runs: 4, horizonDays: 10 }, 800);
    for (const p of big.products) p.name = `${p.name} – ${"😀é".repeat(150)}`;
    const made = parts(big);
    const length = JSON.stringify([big]).length;
    expect(length).toBeGreaterThan(2 * WORKER_TEXT_SLICE);
    const local = createLocalAggregator();
    await local.begin([big]);
    await local.add(structuredClone(made));
    const calls: string[] = [];
    const remote = createRemoteAggregator(() => fakeHandle({ count: 0, terminated: 0 }, undefined, calls));
    await remote.begin([big]);
    await remote.add(structuredClone(made));
    const info = { workers: 2, elapsedMs: 10 };
    // As text: a deep comparison of 1,500 products' figures takes seconds.
    expect(JSON.stringify(await remote.simulation(info))).toBe(JSON.stringify(await local.simulation(info)));
    const slices = calls.filter((c) => c.startsWith("slice "));
    expect(slices.length).toBe(Math.ceil(length / WORKER_TEXT_SLICE));
    expect(slices.every((c) => Number(c.split(" ")[1]) <= WORKER_TEXT_SLICE)).toBe(true);
    expect(calls).toContain("beginFromSlices");
    expect(calls).not.toContain("begin");
  });

  it("a job begun while an earlier job's text is still crossing stops that crossing; the later job's figures are whole", async () => {
    const first = tinyScenario({ runs: 4, horizonDays: 10 }, 800);
    const second = tinyScenario({ runs: 4, horizonDays: 10 }, 700);
    for (const s of [first, second]) for (const p of s.products) p.name = `${p.name} ${"x".repeat(600)}`;
    expect(JSON.stringify([second]).length).toBeGreaterThan(WORKER_TEXT_SLICE);
    const made = parts(second);
    const calls: string[] = [];
    const remote = createRemoteAggregator(() => fakeHandle({ count: 0, terminated: 0 }, undefined, calls));
    const a = remote.begin([first]);
    const b = remote.begin([second]);
    await Promise.all([a, b]);
    await remote.add(structuredClone(made));
    const local = createLocalAggregator();
    await local.begin([second]);
    await local.add(structuredClone(made));
    const info = { workers: 2, elapsedMs: 10 };
    const got = await remote.simulation(info);
    expect(Object.keys(got.products)).toHaveLength(700);
    expect(JSON.stringify(got)).toBe(JSON.stringify(await local.simulation(info)));
    expect(calls.filter((c) => c === "beginFromSlices")).toHaveLength(1);
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

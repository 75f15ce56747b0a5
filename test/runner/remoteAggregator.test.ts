import { describe, expect, it } from "vitest";
import type { Remote } from "comlink";
import { createChunkWorker } from "../../src/runner/chunkWorker.ts";
import { createJobAggregate, createLocalAggregator, type JobAggregate } from "../../src/runner/jobAggregate.ts";
import { createRemoteAggregator, type AggregateWorkerHandle } from "../../src/runner/remoteAggregator.ts";
import { WorkerFailedError } from "../../src/runner/errors.ts";
import type { SerializedPairedAccumulator } from "../../src/analysis/pairedAccumulator.ts";
import { tinyScenario } from "./fixtures/tinyScenario.ts";

/** A worker handle whose "worker" is an aggregate on this thread reached through structured clone; `hold` parks calls. */
function fakeHandle(spawned: { count: number; terminated: number }, hold?: Promise<void>): AggregateWorkerHandle {
  spawned.count++;
  const a = createJobAggregate();
  const api = new Proxy({} as Remote<JobAggregate>, {
    get:
      (_, name: keyof JobAggregate) =>
      async (...args: unknown[]) => {
        if (hold) await hold;
        return structuredClone((a[name] as (...x: unknown[]) => unknown)(...structuredClone(args)));
      },
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
});

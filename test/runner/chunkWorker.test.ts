import { afterEach, describe, expect, it, vi } from "vitest";
import * as compile from "../../src/engine/compile.ts";
import { createChunkWorker } from "../../src/runner/chunkWorker.ts";
import { createJobAggregate } from "../../src/runner/jobAggregate.ts";
import { handWorkedScenario } from "../engine/fixtures.ts";

vi.mock("../../src/engine/compile.ts", async (orig) => {
  const real = await orig<typeof import("../../src/engine/compile.ts")>();
  return { ...real, compileScenario: vi.fn(real.compileScenario) };
});

const compiled = () => vi.mocked(compile.compileScenario).mock.calls.map(([s]) => `${s.products.length}×${s.horizonDays}`);

function runJob(w: ReturnType<typeof createChunkWorker>, jobId: number, s: ReturnType<typeof handWorkedScenario>, runs: number) {
  w.load(jobId, [s]);
  w.run(jobId, 0, runs);
  const agg = createJobAggregate();
  agg.begin([s]);
  agg.add([w.take(jobId)!]);
  return agg.simulation({ workers: 1, elapsedMs: 1 });
}

describe("createChunkWorker", () => {
  afterEach(() => vi.mocked(compile.compileScenario).mockClear());

  it("compiles a one-week, one-product copy first, then keeps the model while only the run count changes", () => {
    const base = { ...handWorkedScenario(), horizonDays: 60 };
    const w = createChunkWorker();
    const first = runJob(w, 1, { ...base, runs: 4 }, 4);
    expect(compiled()).toEqual(["1×7", `${base.products.length}×60`]);
    const again = runJob(w, 2, { ...base, runs: 9 }, 4);
    expect(compiled()).toHaveLength(2);
    expect(again.total).toEqual(first.total);
    runJob(w, 3, { ...base, seed: "other" }, 4);
    expect(compiled()).toEqual(["1×7", `${base.products.length}×60`, `${base.products.length}×60`]);
  });

  it("gives the same figures as a fresh worker after loading other scenarios", () => {
    const a = { ...handWorkedScenario(), horizonDays: 40 };
    const b = { ...a, seed: "b" };
    const used = createChunkWorker();
    runJob(used, 1, a, 3);
    const afterSwitch = runJob(used, 2, b, 3);
    const fresh = runJob(createChunkWorker(), 1, b, 3);
    expect(afterSwitch.total).toEqual(fresh.total);
    expect(afterSwitch.daily).toEqual(fresh.daily);
  });

  it("folds every job of the same scenario as a fresh worker would, and leaves parts already taken alone", () => {
    const s = { ...handWorkedScenario(), horizonDays: 50 };
    const w = createChunkWorker();
    const taken: { part: unknown; text: string }[] = [];
    for (const [job, first, runs] of [
      [1, 0, 6],
      [2, 100, 3],
      [3, 40, 9],
    ]) {
      w.load(job, [s]);
      w.run(job, first, runs);
      const part = w.take(job)!;
      const fresh = createChunkWorker();
      fresh.load(1, [s]);
      fresh.run(1, first, runs);
      expect(part).toEqual(fresh.take(1));
      taken.push({ part, text: JSON.stringify(part, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)) });
    }
    for (const { part, text } of taken) expect(JSON.stringify(part, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(text);
  });

  it("with an arena, hands over transient parts in memory it writes again, which an aggregate copies in: same figures as new parts", () => {
    const s = { ...handWorkedScenario(), horizonDays: 50 };
    // Three takes in one job (partial results), then a second job on the same aggregate.
    const steps: [number, number, number][] = [
      [1, 0, 5],
      [1, 5, 7],
      [1, 12, 2],
      [2, 30, 6],
      [2, 36, 3],
    ];
    const play = (w: ReturnType<typeof createChunkWorker>) => {
      const agg = createJobAggregate();
      const results: unknown[] = [];
      const parts: ReturnType<typeof w.take>[] = [];
      let job = 0;
      for (const [j, first, runs] of steps) {
        if (j !== job) {
          if (job !== 0) results.push(agg.simulation({ workers: 1, elapsedMs: 1 }));
          job = j;
          w.load(j, [s]);
          agg.begin([s]);
        }
        w.run(j, first, runs);
        const part = w.take(j)!;
        parts.push(part);
        agg.add([part]);
      }
      results.push(agg.simulation({ workers: 1, elapsedMs: 1 }));
      return { results, parts };
    };
    const plain = play(createChunkWorker());
    // The aggregate reuses its total for the second job: the same figures as a new aggregate's.
    const alone = createChunkWorker();
    alone.load(2, [s]);
    const fresh = createJobAggregate();
    fresh.begin([s]);
    for (const [, first, runs] of steps.slice(3)) {
      alone.run(2, first, runs);
      fresh.add([alone.take(2)!]);
    }
    expect(plain.results[1]).toEqual(fresh.simulation({ workers: 1, elapsedMs: 1 }));
    const local = play(createChunkWorker({ arena: "local" }));
    expect(plain.parts.every((p) => p!.transient === undefined)).toBe(true);
    expect(local.parts.every((p) => p!.transient === true)).toBe(true);
    // The arena was used again: the first part's arrays share the last part's buffer.
    const first = local.parts[0]!.variants[0].body as { productDaily: { first: Float64Array } };
    const last = local.parts[local.parts.length - 1]!.variants[0].body as { productDaily: { first: Float64Array } };
    expect(first.productDaily.first.buffer).toBe(last.productDaily.first.buffer);
    expect(local.results).toEqual(plain.results);
    const shared = play(createChunkWorker({ arena: "shared" }));
    expect((shared.parts[0]!.variants[0].body as { productDaily: { first: Float64Array } }).productDaily.first.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.results).toEqual(plain.results);
  });
});

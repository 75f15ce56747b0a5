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
});


import { afterAll, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { createCloneRunner, createInThreadRunner } from "../../src/runner/inThread.ts";
import { createNodeRunner } from "../../src/runner/nodeRunner.ts";
import { WORKER_TEXT_SLICE } from "../../src/runner/scenarioText.ts";
import { SimulationTooBigError, WorkerFailedError } from "../../src/runner/errors.ts";
import type { Runner } from "../../src/runner/types.ts";
import type { SimulationResult } from "../../src/analysis/result.ts";
import { deserializeAccumulator, mergeAccumulators, summarise } from "../../src/analysis/accumulator.ts";
import { tinyScenario } from "./fixtures/tinyScenario.ts";

/** Everything but timing and the worker count, which legitimately differ between runners. */
const comparable = (r: SimulationResult) => ({ ...r, workers: 0, elapsedMs: 0, skuDaysPerSecond: 0 });
const threads = () => readdirSync("/proc/self/task").length;
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

const runners: Runner[] = [];
const track = (r: Runner) => (runners.push(r), r);
afterAll(() => runners.forEach((r) => r.dispose()));

describe("runners", () => {
  const s = tinyScenario({ runs: 240 });

  it("simulate(…) gives identical results in-thread with chunk sizes 1, 7, 50, through structured clone, and on 1, 2 and 4 worker threads", async () => {
    // Invariant (docs/model.md §7): results depend on scenario, seed and runs only.
    const reference = comparable(await createInThreadRunner().simulate(s, { chunkRuns: 50 }));
    expect(reference.runs).toBe(240);
    for (const chunkRuns of [1, 7]) expect(comparable(await createInThreadRunner().simulate(s, { chunkRuns }))).toEqual(reference);
    expect(comparable(await createCloneRunner().simulate(s, { chunkRuns: 13 }))).toEqual(reference);
    for (const workers of [1, 2, 4]) {
      const r = track(createNodeRunner({ workers }));
      const res = await r.simulate(s, { chunkRuns: workers === 2 ? 7 : undefined });
      expect(res.workers).toBe(workers);
      expect(comparable(res)).toEqual(reference);
      r.dispose();
    }
  });

  it("a scenario whose text is longer than a message's slice crosses to the workers in slices, and gives the in-thread figures", async () => {
    // 1,500 products with names of 2-byte and 4-byte characters: over two slices of text, the
    // workers parse what the slices make joined (a slice lost or out of order would not parse).
    const big = tinyScenario({ runs: 12, horizonDays: 20 }, 1500);
    for (const p of big.products) p.name = `${p.name} – ${"😀é".repeat(60)}`;
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(2 * WORKER_TEXT_SLICE);
    const r = track(createNodeRunner({ workers: 2 }));
    const res = await r.simulate(big);
    expect(comparable(res)).toEqual(comparable(await createInThreadRunner().simulate(big)));
    r.dispose();
  });

  it("on worker threads, parts handed over several times a job (partial results, precision batches) give the in-thread figures", async () => {
    // Each hand-over reuses the worker's shared memory: the main thread must have copied the last one.
    const r = track(createNodeRunner({ workers: 2 }));
    const partial: number[] = [];
    const res = await r.simulate(s, { chunkRuns: 10, partialIntervalMs: 0, onPartial: (p) => partial.push(p.runs) });
    expect(partial.length).toBeGreaterThan(1);
    expect(comparable(res)).toEqual(comparable(await createInThreadRunner().simulate(s, { chunkRuns: 50 })));
    const precision = { metric: "profit" as const, relativeHalfWidth: 0.004, maxRuns: 2000 };
    const onWorkers = await r.simulate(s, { precision });
    const inThread = await createInThreadRunner().simulate(s, { precision });
    expect(onWorkers.precision).toEqual(inThread.precision);
    expect(onWorkers.runs).toBeGreaterThan(s.runs);
    expect(comparable(onWorkers)).toEqual(comparable(inThread));
    r.dispose();
  });

  it("simulateAccumulator(…) shards 1/3 + 2/3 + 3/3 merge to exactly the one-shot result", async () => {
    const r = createCloneRunner();
    const one = await r.simulate(s);
    const parts = await Promise.all([
      r.simulateAccumulator(s, { firstRun: 160, runs: 80 }),
      r.simulateAccumulator(s, { firstRun: 0, runs: 80 }),
      r.simulateAccumulator(s, { firstRun: 80, runs: 80 }),
    ]);
    const merged = parts.map((p) => deserializeAccumulator(JSON.parse(JSON.stringify(p)))).reduce((a, b) => mergeAccumulators(a, b));
    expect(comparable(summarise(merged, { workers: 0, elapsedMs: 0 }))).toEqual(comparable(one));
    expect(merged.runRanges).toEqual([[0, 240]]);
  });

  it("simulatePaired(…) of a scenario with itself has zero differences, and differences are paired per run", async () => {
    const r = createInThreadRunner();
    const more = tinyScenario({ runs: 240 });
    more.products[0].policy = { kind: "baseStock", orderUpTo: 30, reviewPeriodDays: 1 };
    const res = await r.simulatePaired([s, s, more]);
    expect(res.variants).toHaveLength(3);
    expect(res.diff[1].profit).toMatchObject({ mean: 0, sd: 0, min: 0, max: 0 });
    expect(comparable(res.variants[0])).toEqual(comparable(await r.simulate(s)));
    // Exact identity: mean of differences = difference of means (up to one rounding each).
    const d = res.diff[2].fillRate.mean;
    expect(d).toBeCloseTo(res.variants[2].total.fillRate.mean - res.variants[0].total.fillRate.mean, 12);
    // More stock: fill rate never lower in a paired run, strictly higher on average.
    expect(d).toBeGreaterThan(0);
    expect(res.productDiff[2].p0.fillRate.mean).toBeGreaterThan(0);
    expect(res.productDiff[2].p1.fillRate.max).toBe(0);
  });

  it("precision mode stops when the 95 % CI half-width of mean profit is within the target, and reports runs used", async () => {
    const r = createInThreadRunner();
    const res = await r.simulate(s, { precision: { metric: "profit", relativeHalfWidth: 0.01 } });
    const p = res.precision!;
    expect(p.reached).toBe(true);
    expect(p.runsUsed).toBe(res.runs);
    const hw = (1.959963984540054 * res.total.profit.sd) / Math.sqrt(res.runs);
    expect(hw / Math.abs(res.total.profit.mean)).toBeLessThanOrEqual(0.01);
    expect(p.achieved).toBeCloseTo(hw / Math.abs(res.total.profit.mean), 12);
    // Capped: an unreachable target stops at maxRuns.
    const capped = await r.simulate(s, { precision: { relativeHalfWidth: 1e-9, maxRuns: 300 } });
    expect(capped.precision).toMatchObject({ reached: false, runsUsed: 300, metric: "profit" });
    expect(capped.runs).toBe(300);
  });

  it("onProgress reports every chunk up to the total; onPartial gets results while running", async () => {
    const seen: number[] = [];
    const partial: number[] = [];
    const res = await createInThreadRunner().simulate(s, {
      chunkRuns: 20,
      partialIntervalMs: 0,
      onProgress: (p) => seen.push(p.runsDone),
      onPartial: (r) => partial.push(r.runs),
    });
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => 20 * (i + 1)));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.every((n) => n > 0 && n < res.runs)).toBe(true);
  });

  it("simulate(…) refuses a scenario estimateWork calls too big, before running", async () => {
    const huge = tinyScenario({ runs: 1_000_000_000, horizonDays: 3650 }, 50);
    await expect(createInThreadRunner().simulate(huge)).rejects.toBeInstanceOf(SimulationTooBigError);
    await expect(createInThreadRunner().simulate(huge)).rejects.toThrow(/product-days/);
  });

  it("cancelling rejects with an AbortError and leaves no worker thread running", async () => {
    const before = threads();
    const r = track(createNodeRunner({ workers: 2 }));
    const ctl = new AbortController();
    const p = r.simulate(tinyScenario({ runs: 5_000_000 }), { signal: ctl.signal, onProgress: () => ctl.abort() });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    for (let i = 0; i < 100 && threads() > before; i++) await new Promise((res) => setTimeout(res, 50));
    expect(threads()).toBeLessThanOrEqual(before);
    // The runner is usable again (a fresh pool).
    const again = await r.simulate(tinyScenario({ runs: 10 }));
    expect(again.runs).toBe(10);
    r.dispose();
  });

  it("cancelling the in-thread runner rejects with an AbortError", async () => {
    const ctl = new AbortController();
    const p = createInThreadRunner().simulate(tinyScenario({ runs: 1_000_000 }), { chunkRuns: 10, signal: ctl.signal, onProgress: () => ctl.abort() });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    ctl.abort();
    await expect(createInThreadRunner().simulate(s, { signal: ctl.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("dispose() during a run rejects it instead of leaving it waiting", async () => {
    const r = createNodeRunner({ workers: 1 });
    const p = r.simulate(tinyScenario({ runs: 5_000_000 }), { onProgress: () => r.dispose() });
    await expect(p).rejects.toThrow(/runner was disposed/);
  });

  it("a worker that exits, throws or fails to load rejects the run with a clear error", async () => {
    const cases: [string, RegExp][] = [
      ["crashing.worker.mjs", /stopped unexpectedly \(exit code 3\)/],
      ["throwing.worker.mjs", /simulation worker failed: demand table is corrupt/],
      ["broken.worker.mjs", /simulation worker crashed: cannot load the engine/],
    ];
    for (const [file, message] of cases) {
      const r = track(createNodeRunner({ workers: 2, workerUrl: fixture(file) }));
      const err = await r.simulate(s).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerFailedError);
      expect((err as Error).message).toMatch(message);
      r.dispose();
    }
  });
});

/**
 * `bench --json` (the figures `npm run bench` prints): the document shape the README describes, with
 * throughputs that are positive and consistent with each other, on a small scenario and one round.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { cli } from "./runCli.ts";

afterEach(() => vi.restoreAllMocks());

describe("bench", () => {
  it("--json prints single-thread and per-worker throughput, efficiency and peak memory", async () => {
    const r = await cli(
      "bench",
      "--scenario",
      "scenarios/winter-woolies.json",
      "--runs",
      "4",
      "--rounds",
      "1",
      "--workers",
      "1,2",
      "--catalogue",
      "12",
      "--catalogue-runs",
      "4",
      "--only",
      "engine",
      "--json",
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.scenario).toBe("Winter woolies");
    expect(doc.rounds).toBe(1);
    expect(doc.productDays).toBeGreaterThan(0);
    expect(doc.singleThread.productDaysPerSecond).toBeGreaterThan(0);
    expect(doc.singleThread.samples).toHaveLength(1);
    // Per core: throughput per CPU second of all threads, i.e. per wall second over the cores busy.
    const perCore = (x: { productDaysPerSecond: number; productDaysPerCpuSecond: number; cpuPerWall: number }) => {
      expect(x.productDaysPerCpuSecond).toBeGreaterThan(0);
      // cpuPerWall is rounded to 0.01: allow that rounding, relative to its size.
      expect(Math.abs(x.productDaysPerCpuSecond * x.cpuPerWall - x.productDaysPerSecond)).toBeLessThanOrEqual(
        (0.006 / x.cpuPerWall) * x.productDaysPerSecond + 1,
      );
    };
    perCore(doc.singleThread);
    expect(doc.workers.map((w: { workers: number }) => w.workers)).toEqual([1, 2]);
    for (const w of doc.workers) {
      expect(w.productDaysPerSecond).toBeGreaterThan(0);
      // Efficiency is throughput per worker against the single thread.
      expect(w.efficiency).toBeCloseTo(w.productDaysPerSecond / (w.workers * doc.singleThread.productDaysPerSecond), 2);
      expect(w.samples).toEqual([w.productDaysPerSecond]);
      perCore(w);
    }
    // Round by round against one worker: exactly 1 for one worker, the sample ratio for two.
    expect(doc.workers[0].speedupVsOneWorker).toBe(1);
    expect(doc.workers[1].speedupVsOneWorker).toBeCloseTo(doc.workers[1].samples[0] / doc.workers[0].samples[0], 1);
    // The catalogue: simulate and plan of the same products and runs, side by side, and the order of work.
    expect(doc.catalogue).toMatchObject({ products: 12, runs: 4, workers: 2, target: "fillRate>=0.95" });
    expect(doc.catalogue.simulateSeconds).toBeGreaterThan(0);
    // The ratio is of the unrounded times; the seconds are rounded to 0.01 s, which the tolerance allows for.
    const c = doc.catalogue;
    const ratio = c.planSeconds / c.simulateSeconds;
    expect(Math.abs(c.planVsSimulate - ratio)).toBeLessThanOrEqual(ratio * (0.005 / c.planSeconds + 0.005 / c.simulateSeconds) + 0.006);
    expect(doc.catalogue.runsPerProduct).toBeGreaterThanOrEqual(4);
    expect(doc.catalogue.runMajorPerSecond).toBeGreaterThan(0);
    expect(doc.catalogue.productMajorGain).toBeCloseTo(doc.catalogue.productMajorPerSecond / doc.catalogue.runMajorPerSecond, 1);
    expect(doc.peakMemoryMB).toBeGreaterThan(10);
    expect(doc.cores).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("refuses a bad --workers list with a clear message", async () => {
    const r = await cli("bench", "--workers", "1,x", "--json");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workers: expected a list of whole numbers/);
  });
});

describe("bench --only import", () => {
  it("times the import of a sales export against a plain papaparse parse of it", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { gzipSync } = await import("node:zlib");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"];
    for (let i = 0; i < 3000; i++)
      lines.push(`${1000 + (i >> 2)},${20000 + (i % 40)},ITEM,${1 + (i % 6)},2011-0${1 + (i % 9)}-${10 + (i % 18)} 10:00:00,2.5,1${i % 50},UK`);
    const file = join(mkdtempSync(join(tmpdir(), "bench-import-")), "lines.csv.gz");
    writeFileSync(file, gzipSync(lines.join("\n")));
    const r = await cli("bench", "--only", "import", "--import-file", file, "--rounds", "1", "--json");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out).import;
    expect(doc).toMatchObject({ rows: 3000, skus: 40, rounds: 1 });
    expect(doc.papaparseMs).toBeGreaterThan(0);
    // One round: the ratio (to 0.01) is of the unrounded times, and each time is rounded to the millisecond,
    // so the true times lie within ±0.5 ms of the printed ones; the ratio must lie in the range they allow.
    const low = (doc.importMs - 0.5) / (doc.papaparseMs + 0.5) - 0.005;
    const high = (doc.importMs + 0.5) / (doc.papaparseMs - 0.5) + 0.005;
    expect(doc.ratio).toBeGreaterThanOrEqual(low);
    expect(doc.ratio).toBeLessThanOrEqual(high);
  });
});

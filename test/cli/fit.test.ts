import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.ts";
import { defaultFitWorkers } from "../../src/cli/commands/fit.ts";

async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const dir = mkdtempSync(join(tmpdir(), "fit-cli-"));

describe("backorder-lab fit", () => {
  afterEach(() => vi.restoreAllMocks());

  it("fit <file> --json prints products with demand, diagnostics and backtest", async () => {
    const r = await runCli(["fit", "/work/shared/data/online_retail.csv", "--json", "--sku", "20725,22457", "--holdout-weeks", "4"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.products.map((p: { id: string }) => p.id)).toEqual(["20725", "22457"]);
    const p = doc.products[0];
    expect(p.demand.weekly[5]).toBe(0);
    expect(p.diagnostics.closedWeekdays).toEqual(["Sat"]);
    expect(p.backtest.holdoutDays).toBe(28);
    expect(typeof p.backtest.coverage).toBe("number");
  });

  it("fit --json carries each sku's chosen form and its rolling-origin scores", async () => {
    const r = await runCli(["fit", "/work/shared/data/online_retail.csv", "--json", "--sku", "20725", "--holdout-weeks", "0"]);
    const p = JSON.parse(r.out).products[0];
    expect(p.forecast.origins).toBe(4);
    for (const k of ["mase", "pinball", "bias", "cover80", "cover90"]) expect(typeof p.forecast[k]).toBe("number");
    expect(p.choice.monthlyShape).toMatch(/^(smooth|step)$/);
    expect(p.choice.reason).toMatchObject({ code: "backtests", gainPercent: expect.any(Number) });
    expect(p.choice.reason.text).toMatch(/backtests of 4 weeks/);
    expect(p.choice.candidates.length).toBeGreaterThan(1);
  });

  it("--stopped: a sku that stopped selling is reported, and drop leaves it out", async () => {
    const lines = ["date,sku,units"];
    const d0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 400; i++) {
      const date = new Date(d0 + i * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${date},steady,${4 + ((i * 7) % 5)}`, `${date},gone,${i < 350 ? 4 + ((i * 3) % 5) : 0}`);
    }
    const file = join(dir, "stopped.csv");
    writeFileSync(file, lines.join("\n"));
    const inStock = await runCli(["fit", file, "--holdout-weeks", "0"]);
    expect(inStock.out).toMatch(/no sales since 15 Dec 2024 \(50 days\) — delisted, or out of stock\? forecast at its in-stock rate/);
    const drop = JSON.parse((await runCli(["fit", file, "--json", "--holdout-weeks", "0", "--stopped", "drop"])).out);
    expect(drop.products.map((p: { id: string }) => p.id)).toEqual(["steady"]);
    expect(drop.dropped).toEqual([{ id: "gone", lastSale: "2024-12-15", days: 50 }]);
    const bad = await runCli(["fit", file, "--stopped", "later"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--stopped must be in-stock, recent or drop/);
  });

  it("fit <file> prints a table with one line per sku", async () => {
    const r = await runCli(["fit", "/work/shared/data/store_item.csv", "--holdout-weeks", "0"]);
    expect(r.code).toBe(0);
    for (const id of ["item_05", "item_08", "item_23", "item_31", "item_32"]) expect(r.out).toContain(id);
    expect(r.out).toMatch(/orders\/day/);
  });

  it("lists bad rows on stderr with file and line, the first 20 and a count", async () => {
    const lines = ["date,sku,units"];
    for (let i = 0; i < 60; i++) lines.push(`2020-01-${String((i % 28) + 1).padStart(2, "0")},a,${i}`);
    for (let i = 0; i < 25; i++) lines.push(`2020-02-01,b,-${i + 1}`);
    const file = join(dir, "bad.csv");
    writeFileSync(file, lines.join("\n"));
    const r = await runCli(["fit", file, "--holdout-weeks", "0"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${file}:62: units is negative`);
    expect(r.err.split("\n").filter((l) => l.includes("units is negative")).length).toBe(20);
    expect(r.err).toContain("and 5 more bad rows");
  });

  it("exits 2 naming the file when it is unreadable or not a sales history", async () => {
    const missing = await runCli(["fit", join(dir, "nope.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.csv");
    const file = join(dir, "colours.csv");
    writeFileSync(file, "colour,size\nred,3\n");
    const bad = await runCli(["fit", file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(file);
    expect(bad.err).toMatch(/no date and units columns/);
  });

  it("a file whose every row is bad exits 2 and still lists the rows", async () => {
    const file = join(dir, "allbad.csv");
    writeFileSync(file, "date,sku,units\n2020-01-01,a,-1\n2020-01-02,a,x\n");
    const r = await runCli(["fit", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:2: units is negative`);
    expect(r.err).toContain(`${file}:3: units is not a number`);
    expect(r.err).toMatch(/none of the 2 data rows could be read/);
  });

  it("exits 2 for an unknown sku or option", async () => {
    expect((await runCli(["fit", "/work/shared/data/pharma.csv", "--sku", "XYZ"])).code).toBe(2);
    expect((await runCli(["fit", "/work/shared/data/pharma.csv", "--frobnicate"])).code).toBe(2);
    expect((await runCli(["fit"])).code).toBe(2);
  });
});

describe("fit's worker threads by default", () => {
  it("one per core (at most 8), none on two cores or fewer, where starting them costs more than they save", () => {
    expect([1, 2, 3, 4, 16].map(defaultFitWorkers)).toEqual([0, 0, 3, 4, 8]);
  });
});

describe("backorder-lab fit on an order-line export", () => {
  const CATALOGUE = "/work/shared/data/catalogue/online_retail_lines.csv.gz";
  const SKUS = ["22423", "84077", "21212", "22310", "84406B"];
  afterEach(() => vi.restoreAllMocks());

  it("fit <export.csv.gz> --json adds format, trading days and the excluded lines with counts", async () => {
    const r = await runCli(["fit", CATALOGUE, "--json", "--sku", SKUS.join(",")]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.format).toEqual({ kind: "orderLines", name: "order lines (UCI Online Retail export)" });
    expect(doc.tradingDays).toBe(305);
    expect(doc.excluded.cancelled.lines).toBeGreaterThan(4000);
    expect(doc.excluded.returns.lines).toBeGreaterThan(0);
    expect(doc.excluded.nonProduct.codes[0]).toEqual({ code: "POST", lines: expect.any(Number) });
    expect(doc.products.map((p: { id: string }) => p.id).sort()).toEqual([...SKUS].sort());
    const p = doc.products.find((x: { id: string }) => x.id === "22310");
    expect(p).toMatchObject({ id: "22310", name: "IVORY KNITTED MUG COSY", demand: { unitsPerOrder: { kind: "empirical" } } });
    expect(p.diagnostics.closedWeekdays).toEqual(["Sat"]);
  });

  it("fit --scenario writes a scenario that simulate runs: simulated units a day match the history's", async () => {
    const out = join(dir, "fitted.json");
    const r = await runCli([
      "fit",
      CATALOGUE,
      "--sku",
      SKUS.join(","),
      "--scenario",
      out,
      "--supplier-receipts",
      "examples/supplier-receipts.csv",
      "--currency",
      "GBP",
      "--holdout-weeks",
      "0",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/wrote .*fitted\.json: 5 products, currency GBP, start 2011-12-10/);
    expect(r.err).toMatch(/margin 50 % \(default\)/);
    const fit = JSON.parse(r.out);
    const s = JSON.parse(readFileSync(out, "utf8"));
    expect(s.currency).toBe("GBP");
    expect(s.products.find((p: { id: string }) => p.id === "22423").sourcing).toEqual({ kind: "single", supplier: "far-east-imports" });
    expect(s.products.find((p: { id: string }) => p.id === "22310").sourcing).toEqual({ kind: "single", supplier: "default" });
    // The history's closures come back in the simulated calendar (24 Dec – 3 Jan from day 14).
    expect(s.products[0].demand.shocks[0]).toEqual({ startDay: 14, durationDays: 11, multiplier: 0 });
    const sim = await runCli(["simulate", out, "--runs", "40", "--workers", "0", "--json"]);
    expect(sim.code).toBe(0);
    const res = JSON.parse(sim.out);
    for (const id of SKUS) {
      const o = fit.products.find((x: { id: string }) => x.id === id).orders;
      const got = res.products[id].unitsDemanded;
      // The simulated year against the history's units per calendar day: the history's span has
      // one December and a bit (374 days), so seasonal skus may differ by more than noise; 25 % and
      // 4 standard errors of the 40-run mean bound it.
      const want = o.unitsPerCalendarDay * 365;
      expect(Math.abs(got.mean - want), id).toBeLessThan(0.25 * want + 4 * got.se);
    }
  }, 120_000);
});

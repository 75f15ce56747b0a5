import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.ts";

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
    expect(p.choice.reason).toMatch(/backtests of 4 weeks/);
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

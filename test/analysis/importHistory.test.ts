import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { importHistory, type ImportProgress } from "../../src/analysis/importHistory.ts";
import { fitHistory } from "../../src/analysis/fitHistory.ts";
import { parseHistory } from "../../src/io/history.ts";

const storeItem = readFileSync(resolve(import.meta.dirname, "../../../shared/data/store_item.csv"), "utf8");

describe("importHistory", () => {
  it("importHistory(text) gives the same fits as parseHistory + fitHistory, in batches of skus", async () => {
    const small = storeItem
      .split("\n")
      .filter((l, i) => i === 0 || /item_0[58]/.test(l))
      .join("\n");
    const progress: ImportProgress[] = [];
    const got = await importHistory(small, { holdoutWeeks: 4, simulations: 200 }, (p) => progress.push(p));
    const want = fitHistory(parseHistory(small), { holdoutWeeks: 4, simulations: 200 });
    expect(got.fit.products.map((p) => p.id)).toEqual(want.products.map((p) => p.id));
    for (let k = 0; k < want.products.length; k++) {
      expect(got.fit.products[k].demand).toEqual(want.products[k].demand);
      expect(got.fit.products[k].backtest?.coverage).toBe(want.products[k].backtest?.coverage);
    }
    expect(got.fit.closedDays).toEqual(want.closedDays);
    expect(got.parsed.skuCount).toBe(2);
    // Progress: parse first, then one report per batch of skus and a final one at 1.
    expect(progress[0].stage).toBe("parse");
    const fits = progress.filter((p) => p.stage === "fit");
    expect(fits.map((p) => p.done)).toEqual([0, 2]);
    expect(fits[fits.length - 1].fraction).toBe(1);
  });
  it("importHistory reports an unreadable file through parsed.error with no fits", async () => {
    const got = await importHistory("hello,world\n1,2\n");
    expect(got.parsed.error).toMatch(/no date and units columns/);
    expect(got.fit.products).toEqual([]);
  });
});

describe("importHistoryFile", () => {
  it("reads a gzipped order-line file from a Blob as a stream, without keeping the series", async () => {
    const { gzipSync } = await import("node:zlib");
    const { importHistoryFile } = await import("../../src/analysis/importHistory.ts");
    const text =
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice\n1,A1,Alpha,2,2025-01-06 10:00,3\n2,A1,Alpha,4,2025-01-07 10:00,3\n2,B2,Beta,1,2025-01-07 10:00,5\n";
    const progress: ImportProgress[] = [];
    const got = await importHistoryFile(new Blob([gzipSync(Buffer.from(text))]), { holdoutWeeks: 0 }, (p) => progress.push(p));
    expect(got.parsed.error).toBeNull();
    expect(got.parsed.format?.kind).toBe("orderLines");
    expect(got.parsed.skuCount).toBe(2);
    expect(got.parsed.series.size).toBe(0);
    expect(got.fit.products.map((p) => p.id)).toEqual(["A1", "B2"]);
    expect(progress.some((p) => p.stage === "parse" && p.fraction === 1)).toBe(true);
  });
});

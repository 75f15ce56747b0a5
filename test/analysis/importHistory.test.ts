import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { importHistory, type ImportProgress } from "../../src/analysis/importHistory.ts";
import { fitHistory } from "../../src/analysis/fitHistory.ts";
import { parseHistory } from "../../src/io/history.ts";

const storeItem = readFileSync(resolve(import.meta.dirname, "../../../shared/data/store_item.csv"), "utf8");

describe("importHistory", () => {
  it("importHistory(text) gives the same fits as parseHistory + fitHistory, one sku at a time", async () => {
    const small = storeItem.split("\n").filter((l, i) => i === 0 || /item_0[58]/.test(l)).join("\n");
    const progress: ImportProgress[] = [];
    const got = await importHistory(small, { holdoutWeeks: 4, simulations: 200 }, (p) => progress.push(p));
    const want = fitHistory(parseHistory(small), { holdoutWeeks: 4, simulations: 200 });
    expect(got.fit.products.map((p) => p.id)).toEqual(want.products.map((p) => p.id));
    for (let k = 0; k < want.products.length; k++) {
      expect(got.fit.products[k].demand).toEqual(want.products[k].demand);
      expect(got.fit.products[k].backtest?.coverage).toBe(want.products[k].backtest?.coverage);
    }
    expect(got.fit.closedDays).toEqual(want.closedDays);
    // Progress: parse first, then one report per sku and a final one at 1.
    expect(progress[0].stage).toBe("parse");
    const fits = progress.filter((p) => p.stage === "fit");
    expect(fits.map((p) => p.done)).toEqual([0, 1, 2]);
    expect(fits[fits.length - 1].fraction).toBe(1);
  });
  it("importHistory reports an unreadable file through parsed.error with no fits", async () => {
    const got = await importHistory("hello,world\n1,2\n");
    expect(got.parsed.error).toMatch(/no date and units columns/);
    expect(got.fit.products).toEqual([]);
  });
});

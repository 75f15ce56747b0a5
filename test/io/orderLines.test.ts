/**
 * Order-line exports on the shared catalogue file (a real UCI Online Retail export): the fitted
 * order structure of its regular sellers against a direct count done here from the raw lines, and
 * the lines that are not demand, counted. (Catalogue fits run without the rolling-origin backtests, as the
 * app and the command line do above 50 skus.)
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { fitHistory, type HistoryFit } from "../../src/analysis/fitHistory.ts";
import { readSalesFile } from "../../src/cli/readSalesFile.ts";
import type { ParsedHistory } from "../../src/io/history.ts";

const FILE = "/work/shared/data/catalogue/online_retail_lines.csv.gz";

interface Direct {
  tradingDays: number[];
  bySku: Map<string, { days: Set<number>; lines: number; units: number; first: number }>;
  cancelled: number;
  returns: number;
  nonProduct: number;
}

/**
 * The direct count: every line of the file; cancelled invoices (C…), the sales a later credit of
 * the same customer, sku and quantity undid, negative quantities and codes without a digit are not
 * demand; a trading day is a date with any demand line.
 */
function directCount(): Direct {
  const rows = Papa.parse<string[]>(gunzipSync(readFileSync(FILE)).toString("utf8"), { skipEmptyLines: true }).data.slice(1);
  const day = (s: string) => Math.round(Date.parse(s.slice(0, 10) + "T00:00:00Z") / 86_400_000);
  const undone = new Set<number>();
  const earlier = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const [inv, sku, , q, , , cust] = r;
    const key = `${cust}|${sku}|${Math.abs(Number(q))}`;
    if (inv.startsWith("C")) {
      const hit = earlier.get(key)?.pop();
      if (hit !== undefined) undone.add(hit);
    } else if (Number(q) > 0) earlier.set(key, [...(earlier.get(key) ?? []), i]);
  });
  const out: Direct = { tradingDays: [], bySku: new Map(), cancelled: 0, returns: 0, nonProduct: 0 };
  const trading = new Set<number>();
  rows.forEach((r, i) => {
    const [inv, sku, , qs, date] = r;
    const q = Number(qs);
    if (!/\d/.test(sku)) return void out.nonProduct++;
    if (inv.startsWith("C") || undone.has(i)) return void out.cancelled++;
    if (q < 0) return void out.returns++;
    const d = day(date);
    trading.add(d);
    const e = out.bySku.get(sku) ?? { days: new Set<number>(), lines: 0, units: 0, first: d };
    e.days.add(d);
    e.lines++;
    e.units += q;
    e.first = Math.min(e.first, d);
    out.bySku.set(sku, e);
  });
  out.tradingDays = [...trading].sort((a, b) => a - b);
  return out;
}

let parsed: ParsedHistory;
let fit: HistoryFit;
let direct: Direct;

beforeAll(async () => {
  parsed = await readSalesFile(FILE);
  fit = fitHistory(parsed, { holdoutWeeks: 0, rolling: false });
  direct = directCount();
}, 120_000);

describe("the catalogue export (UCI order lines, 277,560 lines)", () => {
  it("is read as UCI order lines with 305 trading days (no Saturdays, closed 24 Dec – 3 Jan)", () => {
    expect(parsed.error).toBeNull();
    expect(parsed.format).toEqual({ kind: "orderLines", name: "order lines (UCI Online Retail export)" });
    expect(parsed.rows).toBe(277_560);
    expect(parsed.badRows).toEqual([]);
    expect(parsed.tradingDays).toEqual(direct.tradingDays);
    expect(parsed.tradingDays.length).toBe(305);
    expect(fit.calendar?.closedWeekdays).toEqual(["Sat"]);
    expect(fit.calendar?.closures[0]).toEqual({ from: "2010-12-24", to: "2011-01-03" });
  });

  it("keeps cancelled, returned and non-product lines out of demand and counts them", () => {
    const ex = parsed.excluded!;
    expect(ex.cancelled.lines).toBe(direct.cancelled);
    expect(ex.returns.lines).toBe(direct.returns);
    expect(ex.nonProduct.lines).toBe(direct.nonProduct);
    expect(ex.nonProduct.codes.map((c) => c.code)).toEqual(expect.arrayContaining(["POST", "DOT", "M"]));
    expect(ex.cancelled.lines + ex.returns.lines + ex.nonProduct.lines).toBeGreaterThan(5000);
    // Every line is demand, excluded, or bad: nothing is lost.
    const demandLines = [...parsed.series.values()].reduce((a, s) => a + Array.from(s.lines!).reduce((x, v) => x + (Number.isNaN(v) ? 0 : v), 0), 0);
    expect(demandLines + ex.cancelled.lines + ex.returns.lines + ex.nonProduct.lines + parsed.badRows.length).toBe(277_560);
    // Outliers are flagged with their line and kept unless excluded.
    expect(ex.outliers.lines).toBeGreaterThan(0);
    expect(ex.outliers.excluded).toBe(false);
    const o = ex.outliers.list[0];
    expect(o.quantity).toBeGreaterThanOrEqual(100 * o.medianLine);
  });

  it("regular sellers: orders per trading day, units per order and units per calendar day within 5 % of a direct count", () => {
    const last = direct.tradingDays[direct.tradingDays.length - 1];
    // Regular sellers: sold on at least a third of the trading days since their first sale, over at least 100 trading days.
    let checked = 0;
    for (const [sku, d] of direct.bySku) {
      const span = direct.tradingDays.filter((t) => t >= d.first);
      if (span.length < 100 || d.days.size < span.length / 3) continue;
      const p = fit.products.find((x) => x.id === sku)!;
      const o = p.orders!;
      const ordersPerTradingDay = d.lines / span.length;
      const unitsPerOrder = d.units / d.lines;
      const unitsPerCalendarDay = d.units / (last - d.first + 1);
      expect(Math.abs(o.ordersPerTradingDay / ordersPerTradingDay - 1), sku).toBeLessThan(0.05);
      expect(Math.abs(o.unitsPerOrder / unitsPerOrder - 1), sku).toBeLessThan(0.05);
      expect(Math.abs(o.unitsPerCalendarDay / unitsPerCalendarDay - 1), sku).toBeLessThan(0.05);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("22310 (the issue's example): 83 of 305 trading days, 0.36 lines a trading day of 6 units each", () => {
    const p = fit.products.find((x) => x.id === "22310")!;
    expect(p.orders!.daysWithSales).toBe(83);
    expect(p.orders!.ordersPerTradingDay).toBeCloseTo(0.364, 2);
    expect(p.orders!.unitsPerOrder).toBeCloseTo(6, 0);
    expect(p.name).toBe("IVORY KNITTED MUG COSY");
    expect(p.demand.weekly![5]).toBe(0);
    // Units per order is the sku's own distribution of line sizes.
    expect(p.demand.unitsPerOrder.kind).toBe("empirical");
  });

  it("order lines per order from the invoices (baskets) and the median line price", () => {
    expect(fit.baskets!.orders).toBeGreaterThan(10_000);
    expect(fit.baskets!.meanLinesPerOrder).toBeGreaterThan(1);
    expect(fit.baskets!.extraLinesPerOrder.kind).toBe("empirical");
    const p = fit.products.find((x) => x.id === "84406B")!;
    expect(p.price).toBeGreaterThan(0);
  });
});

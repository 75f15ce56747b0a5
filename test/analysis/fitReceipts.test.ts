/**
 * Supplier receipts: the shipped example (examples/supplier-receipts.csv, drawn by
 * scripts/generate-receipts.ts from known lognormal lead times) must give back each supplier's
 * lead-time mean and sd within 10 %, and its delivered fraction. With 500–1,300 receipts per
 * supplier the standard error of the sample sd is about 3–4 % of the sd (lognormal, cv ≈ 0.3),
 * of the mean about 1.3 %: 10 % is about 3 standard errors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitReceipts } from "../../src/analysis/fitReceipts.ts";
import { fitNotesText } from "../../src/present/fitWords.ts";
import { parseReceipts } from "../../src/io/receipts.ts";
import { GENERATING_SUPPLIERS, generateReceipts } from "../../scripts/generate-receipts.ts";

const EXAMPLE = new URL("../../examples/supplier-receipts.csv", import.meta.url);
const TEMPLATE = new URL("../../examples/supplier-receipts-template.csv", import.meta.url);

describe("supplier receipts", () => {
  it("the shipped example is what the generator writes", () => {
    expect(readFileSync(EXAMPLE, "utf8")).toBe(generateReceipts());
  });

  it("recovers each supplier's lead-time mean and sd within 10 % and its delivered fraction", () => {
    const parsed = parseReceipts(readFileSync(EXAMPLE, "utf8"));
    expect(parsed.error).toBeNull();
    expect(parsed.badRows).toEqual([]);
    const fit = fitReceipts(parsed);
    expect(fit.suppliers.map((s) => s.supplier.id).sort()).toEqual(GENERATING_SUPPLIERS.map((s) => s.id).sort());
    for (const g of GENERATING_SUPPLIERS) {
      const s = fit.suppliers.find((x) => x.supplier.id === g.id)!;
      expect(s.receipts).toBeGreaterThan(400);
      expect(Math.abs(s.leadTime.mean / g.leadTime.mean - 1), g.id).toBeLessThan(0.1);
      expect(Math.abs(s.leadTime.sd / g.leadTime.sd - 1), g.id).toBeLessThan(0.1);
      expect(s.supplier.leadTimeDays).toEqual({ kind: "lognormal", mean: expect.any(Number), sd: expect.any(Number) });
      // Delivered: 1 − P(short) × (1 − share), per unit ordered (sizes independent of shortness).
      const want = 1 - g.shortChance * (1 - g.shortShare);
      expect(Math.abs(s.supplier.deliveredFraction! - want)).toBeLessThan(0.01);
      for (const sku of g.skus) expect(fit.sourcing[sku]).toBe(g.id);
    }
  });

  it("the template parses: an open line (no receipt yet) is counted apart", () => {
    const parsed = parseReceipts(readFileSync(TEMPLATE, "utf8"));
    expect(parsed.error).toBeNull();
    expect(parsed.lines.length).toBe(2);
    expect(parsed.open).toBe(1);
    const fit = fitReceipts(parsed);
    expect(fit.suppliers[0].supplier.leadTimeDays).toEqual({ kind: "fixed", value: 21 });
    expect(fitNotesText(fit.suppliers[0].warnings).some((w) => /rough guess/.test(w))).toBe(true);
  });

  it("bad rows name their line; a header without the columns is an error", () => {
    const p = parseReceipts(
      "po,supplier,sku,ordered,received,qty_ordered,qty_received\nP1,a,x,2025-01-05,2025-01-02,5,5\nP2,a,x,2025-01-05,2025-01-09,lots,5\nP3,a,x,2025-01-05,2025-01-12,5,5\n",
    );
    expect(p.badRows.map((b) => b.line)).toEqual([2, 3]);
    expect(p.badRows[0].message).toMatch(/before ordered/);
    expect(parseReceipts("po,vendor,item\n1,2,3\n").error).toMatch(/^line 1: the header lacks ordered/);
  });
});

import { describe, expect, it } from "vitest";
import type { Product } from "../../src/engine/scenario.ts";
import {
  formatCsvIssue,
  parseProductsCsv,
  parseSuppliersCsv,
  productsTemplateCsv,
  productsToCsv,
  suppliersTemplateCsv,
  suppliersToCsv,
} from "../../src/io/catalogCsv.ts";
import { parseScenario } from "../../src/io/parseScenario.ts";

const HEAD =
  "id,price,unitCost,ordersPerDay,supplier,policyKind,orderUpTo,reorderPoint,orderQuantity,safetyStockUnits,safetyStockServiceLevel,backorderMode,maxQuotedWaitDays,weekly";
const issues = (text: string, supplierIds?: string[]) => parseProductsCsv(text, { supplierIds }).errors.map(formatCsvIssue);

describe("catalog templates", () => {
  it("the templates parse, form a valid scenario and write back to the same text", () => {
    const s = parseSuppliersCsv(suppliersTemplateCsv());
    expect(s.errors).toEqual([]);
    const p = parseProductsCsv(productsTemplateCsv(), { supplierIds: s.items.map((x) => x.id) });
    expect(p.errors).toEqual([]);
    expect(p.warnings).toEqual([]);
    expect(p.items.map((x) => x.id)).toEqual(["scarf", "mug"]);
    const parsed = parseScenario({
      version: 1,
      name: "t",
      startDate: "2027-01-04",
      horizonDays: 30,
      warmupDays: 0,
      runs: 50,
      seed: "s",
      currency: "EUR",
      products: p.items,
      suppliers: s.items,
    });
    expect(parsed.ok).toBe(true);
    expect(productsToCsv(p.items).text).toBe(productsTemplateCsv());
    expect(suppliersToCsv(s.items).text).toBe(suppliersTemplateCsv());
  });

  it("the template scarf reads as the product a planner would type", () => {
    const scarf = parseProductsCsv(productsTemplateCsv()).items[0];
    expect(scarf.demand.orderCount).toEqual({ kind: "negativeBinomial", dispersion: 8 });
    expect(scarf.demand.weekly).toEqual([1, 1, 1, 1, 1.1, 1.4, 0.5]);
    expect(scarf.policy).toEqual({ kind: "safetyStock", safetyStock: { serviceLevel: 0.95 }, reviewPeriodDays: 7 });
    expect(scarf.backorders).toEqual({ mode: "cap", maxQuotedWaitDays: 21 });
    expect(scarf.customers).toEqual({ willingToWaitDays: { kind: "exponential", mean: 14 }, cancelHazardPerDay: 0.01 });
    const mug = parseProductsCsv(productsTemplateCsv()).items[1];
    expect(mug.sourcing).toEqual({ kind: "backup", primary: "acme", backup: "fastco" });
  });

  it("a UTF-8 BOM for Excel is optional and read back", () => {
    const text = productsTemplateCsv({ bom: true });
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseProductsCsv(text).items.length).toBe(2);
  });
});

describe("parseProductsCsv", () => {
  it("matches headers loosely and fills defaults", () => {
    const p = parseProductsCsv("ID;Unit Cost;Price;orders_per_day;Supplier;Order up to\nsock;2,5;6;3,25;acme;40\n");
    expect(p.errors).toEqual([]);
    const sock = p.items[0];
    expect(sock).toMatchObject({ id: "sock", name: "sock", price: 6, unitCost: 2.5, holdingCostPerUnitDay: 0, backorders: { mode: "allow" } });
    expect(sock.demand).toEqual({ ordersPerDay: 3.25, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } });
    expect(sock.policy).toEqual({ kind: "baseStock", orderUpTo: 40 });
  });

  it.each([
    ["a,1,1,1,acme,,,10,25,,,,,", { kind: "rQ", reorderPoint: 10, orderQuantity: 25 }],
    ["a,1,1,1,acme,,40,10,,,,,,", { kind: "sS", reorderPoint: 10, orderUpTo: 40 }],
    ["a,1,1,1,acme,,,,,30,,,,", { kind: "safetyStock", safetyStock: { units: 30 } }],
    ["a,1,1,1,acme,SAFETY_STOCK,,,,,0.9,,,", { kind: "safetyStock", safetyStock: { serviceLevel: 0.9 } }],
  ])("infers or reads the policy of %j", (row, policy) => {
    const p = parseProductsCsv(`${HEAD}\n${row}\n`);
    expect(p.errors).toEqual([]);
    expect(p.items[0].policy).toEqual(policy);
  });

  it("reports every bad field with its line and column, and keeps the good rows", () => {
    const text = [
      HEAD,
      "ok,10,4,2,acme,baseStock,20,,,,,,,", // 2
      "a,abc,4,2,acme,baseStock,20,,,,,,,", // 3 price not a number
      "b,10,4,2,acme,baseStock,-5,,,,,,,", // 4 negative level
      "c,10,4,2,acme,magic,20,,,,,,,", // 5 unknown policy
      "", // 6 blank
      "d,10,4,2,acme,safetyStock,,,,30,0.9,,,", // 7 two safety-stock specs
      "e,10,4,2,acme,baseStock,20,,,,,cap,,", // 8 cap without wait
      "f,10,4,2,acme,baseStock,20,,,,,,,1 2 3", // 9 weekly of 3
      "ok,10,4,2,acme,baseStock,20,,,,,,,", // 10 duplicate id
      "g,10,4,,acme,baseStock,20,,,,,,,", // 11 missing ordersPerDay
      "h,10,4,2,nowhere,baseStock,20,,,,,,,", // 12 unknown supplier
      "i,10,4,2,acme,baseStock,2.5,,,,,,,", // 13 not whole
    ].join("\n");
    const p = parseProductsCsv(text, { supplierIds: ["acme"] });
    expect(p.items.map((x) => x.id)).toEqual(["ok"]);
    expect(p.errors.map(formatCsvIssue)).toEqual([
      'line 3, price: must be a number, got "abc"',
      "line 4, orderUpTo: must be ≥ 0, got -5",
      'line 5, policyKind: must be baseStock, sS, rQ or safetyStock, got "magic"',
      "line 7, safetyStockServiceLevel: give only one of safetyStockUnits, safetyStockDays, safetyStockServiceLevel",
      "line 8, maxQuotedWaitDays: is required",
      'line 9, weekly: must be 7 numbers separated by spaces, got "1 2 3"',
      'line 10, id: product "ok" already on line 2',
      "line 11, ordersPerDay: is required",
      'line 12, supplier: unknown supplier "nowhere" (known: acme)',
      "line 13, orderUpTo: must be a whole number, got 2.5",
    ]);
  });

  it("a missing required column is one error on the header line", () => {
    expect(issues("id,price\nx,1\n")).toEqual(["line 1: missing columns unitCost, ordersPerDay, supplier (download the template for the full list)"]);
  });

  it("unknown columns are warnings", () => {
    const p = parseProductsCsv("id,price,unitCost,ordersPerDay,supplier,orderUpTo,colour\nx,1,1,1,acme,5,red\n");
    expect(p.errors).toEqual([]);
    expect(p.warnings.map(formatCsvIssue)).toEqual(["line 1, colour: unknown column, ignored"]);
  });

  it("a blank supplier takes the default supplier when one is given", () => {
    const p = parseProductsCsv("id,price,unitCost,ordersPerDay,orderUpTo\nx,1,1,1,5\n", { defaultSupplier: "default" });
    expect(p.items[0].sourcing).toEqual({ kind: "single", supplier: "default" });
  });

  it("names that look like formulas are escaped on export and read back unchanged", () => {
    const p = parseProductsCsv("id,name,price,unitCost,ordersPerDay,supplier,orderUpTo\nx,Wool,1,1,1,acme,5\n").items[0];
    const evil: Product = { ...p, name: '=HYPERLINK("http://x")', category: "-sale" };
    const { text } = productsToCsv([evil]);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain("'-sale");
    const back = parseProductsCsv(text).items[0];
    expect(back.name).toBe(evil.name);
    expect(back.category).toBe("-sale");
  });

  it("a quote buffer survives the products table both ways, and a bad one is reported at its cell", () => {
    const s = parseSuppliersCsv(suppliersTemplateCsv());
    const p = parseProductsCsv(productsTemplateCsv(), { supplierIds: s.items.map((x) => x.id) });
    const withBuffer = p.items.map((x, i) => ({
      ...x,
      backorders: i === 0 ? { mode: "allow" as const, quoteBufferDays: 7 } : { mode: "cap" as const, maxQuotedWaitDays: 28, quoteBufferDays: 3 },
    }));
    const back = parseProductsCsv(productsToCsv(withBuffer).text, { supplierIds: s.items.map((x) => x.id) });
    expect(back.errors).toEqual([]);
    expect(back.items.map((x) => x.backorders)).toEqual([
      { mode: "allow", quoteBufferDays: 7 },
      { mode: "cap", maxQuotedWaitDays: 28, quoteBufferDays: 3 },
    ]);
    const bad = parseProductsCsv(
      "id,price,unitCost,ordersPerDay,supplier,policyKind,orderUpTo,backorderMode,quoteBufferDays\nx,10,4,2,a,baseStock,10,allow,-3\n",
      { supplierIds: ["a"] },
    );
    expect(bad.errors.map(formatCsvIssue).join("\n")).toMatch(/line 2.*quoteBufferDays.*≥ 0/);
  });

  it("productsToCsv lists what a flat table cannot hold", () => {
    const p = parseProductsCsv("id,price,unitCost,ordersPerDay,supplier,orderUpTo\nx,1,1,1,acme,5\n").items[0];
    const withShock: Product = {
      ...p,
      demand: { ...p.demand, shocks: [{ startDay: 3, durationDays: 2, multiplier: 2 }] },
      sourcing: {
        kind: "split",
        split: [
          { supplier: "a", share: 0.5 },
          { supplier: "b", share: 0.5 },
        ],
      },
    };
    expect(productsToCsv([withShock]).lost).toEqual(["x: demand shocks", "x: split sourcing (first supplier kept)"]);
  });
});

describe("parseSuppliersCsv", () => {
  it("builds lead-time distributions from mean, sd and kind", () => {
    const s = parseSuppliersCsv("id,leadTimeMeanDays,leadTimeSdDays,leadTimeKind\na,10,,\nb,10,3,\nc,10,2,uniform\nd,10,2,gamma\n");
    expect(s.errors).toEqual([]);
    expect(s.items.map((x) => x.leadTimeDays)).toEqual([
      { kind: "fixed", value: 10 },
      { kind: "lognormal", mean: 10, sd: 3 },
      { kind: "uniform", min: 10 - 2 * Math.sqrt(3), max: 10 + 2 * Math.sqrt(3) },
      { kind: "gamma", mean: 10, sd: 2 },
    ]);
  });

  it("reports bad supplier fields with line and column", () => {
    const s = parseSuppliersCsv(
      "id,leadTimeMeanDays,deliveredFraction,disruptionProbabilityPerDay,disruptionMeanDays\na,10,1.5,,\nb,,,,\nc,5,,0.01,\nd,-3,,,\n",
    );
    expect(s.errors.map(formatCsvIssue)).toEqual([
      "line 2, deliveredFraction: must be ≤ 1, got 1.5",
      "line 3, leadTimeMeanDays: is required",
      "line 4, disruptionMeanDays: is required when disruptionProbabilityPerDay is given",
      "line 5, leadTimeMeanDays: must be ≥ 0, got -3",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { moveInput, sensitivity } from "../../src/analysis/sensitivity.ts";
import { createInThreadRunner } from "../../src/runner/inThread.ts";
import { parsed, patienceShopJson } from "./fixtures/decisionScenarios.ts";

describe("moveInput", () => {
  const s = parsed(patienceShopJson());
  it("moveInput scales demand, lead times, prices and costs without touching the input", () => {
    const before = JSON.stringify(s);
    expect(moveInput(s, "demand", 1.2)!.json.products.map((p: any) => p.demand.ordersPerDay)).toEqual([4 * 1.2, 4 * 1.2]);
    expect(moveInput(s, "leadTime", 0.8)!.json.suppliers[0].leadTimeDays).toEqual({ kind: "fixed", value: 8 });
    expect(moveInput(s, "price", 0.8)!.json.products[0].price).toBe(40);
    expect(moveInput(s, "unitCost", 1.2)!.json.products[0].unitCost).toBe(24);
    expect(JSON.stringify(s)).toBe(before);
  });
  it("moveInput(patience) divides cancel hazards; it is not applicable when customers never cancel", () => {
    expect(moveInput(s, "patience", 1.25)!.json.products[1].customers.cancelHazardPerDay).toBeCloseTo(0.4, 12);
    const j = patienceShopJson();
    for (const p of j.products) delete p.customers;
    expect(moveInput(parsed(j), "patience", 1.2)).toBeNull();
  });
  it("moveInput(level) rounds whole-unit levels", () => {
    expect(moveInput(s, "level", 1.2)!.json.products.map((p: any) => p.policy.orderUpTo)).toEqual([48, 48]);
  });
});

describe("sensitivity", () => {
  it("sensitivity gives paired bars whose directions follow the economics", async () => {
    const j = patienceShopJson();
    j.runs = 12;
    j.horizonDays = 120;
    const r = await sensitivity(createInThreadRunner(), parsed(j), { by: 0.2 });
    expect(r.inputs.map((b) => b.input).sort()).toEqual(["demand", "leadTime", "level", "patience", "price", "unitCost"]);
    const bar = (k: string) => r.inputs.find((b) => b.input === k)!;
    // Price up with the same sales: profit up by 20 % of revenue, exactly paired.
    expect(bar("price").high.diff.profit.ci95[0]).toBeGreaterThan(0);
    expect(bar("price").low.diff.profit.ci95[1]).toBeLessThan(0);
    expect(bar("unitCost").high.diff.profit.ci95[1]).toBeLessThan(0);
    // Longer lead times with the same level: more orders wait.
    expect(bar("leadTime").high.diff.backorderRate.ci95[0]).toBeGreaterThan(0);
    // More stock: fewer orders wait.
    expect(bar("level").high.diff.backorderRate.ci95[1]).toBeLessThan(0);
    // Sorted widest profit swing first among applicable inputs.
    const swings = r.inputs.map((b) => Math.abs(b.high.diff.profit.mean - b.low.diff.profit.mean));
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
  });
  it("sensitivity rejects a move of 100 % or more", async () => {
    await expect(sensitivity(createInThreadRunner(), parsed(patienceShopJson()), { by: 1 })).rejects.toThrow(/between 0 and 1/);
  });
});

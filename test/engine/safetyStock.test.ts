/**
 * Safety-stock reorder points worked by hand: flat Poisson demand of 4 units a day, lead time 3
 * days, daily review → protection P = L + R − 1 = 3 days, forecast 12 units.
 */
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../src/engine/compile.ts";
import { reorderPointCurve, safetyStockOn } from "../../src/engine/safetyStock.ts";
import type { Scenario } from "../../src/engine/scenario.ts";

const days = 40;
const flat = { mean: new Float64Array(days).fill(4), variance: new Float64Array(days).fill(4) };

describe("safetyStock", () => {
  it("reorderPointCurve adds units of safety stock to the forecast over L + R − 1 days", () => {
    expect(reorderPointCurve(5, { units: 5 }, flat, 3, 0, 1)[0]).toBe(17);
    // Weekly review: P = 3 + 7 − 1 = 9 days → 36 units.
    expect(reorderPointCurve(5, { units: 0 }, flat, 3, 0, 7)[0]).toBe(36);
  });

  it("safetyStockOn(days) is days of mean demand", () => {
    expect(safetyStockOn(0, { days: 2 }, flat, 3, 0, 1)).toBeCloseTo(8, 12);
    expect(reorderPointCurve(5, { days: 2 }, flat, 3, 0, 1)[0]).toBe(20);
  });

  it("safetyStockOn(serviceLevel) is z·sqrt(P·σ² + E[D]²·σ_L²)", () => {
    const z = 1.6448536269514722;
    expect(safetyStockOn(0, { serviceLevel: 0.95 }, flat, 3, 0, 1)).toBeCloseTo(z * Math.sqrt(12), 5);
    expect(safetyStockOn(0, { serviceLevel: 0.95 }, flat, 3, 1, 1)).toBeCloseTo(z * Math.sqrt(12 + 16), 5);
    expect(reorderPointCurve(5, { serviceLevel: 0.95 }, flat, 3, 1, 1)[0]).toBe(Math.round(12 + z * Math.sqrt(28)));
  });

  it("reorderPointCurve counts a fractional last day of a fractional lead time", () => {
    // P = 2.5 + 1 − 1 = 2.5 days.
    expect(reorderPointCurve(5, { units: 0 }, flat, 2.5, 0, 1)[0]).toBe(10);
  });

  it("compileScenario plans safety stock from the scenario's own seasonal demand and units per order", () => {
    const s: Scenario = {
      version: 1,
      name: "ss",
      startDate: "2027-01-04",
      horizonDays: 14,
      warmupDays: 0,
      runs: 1,
      seed: "x",
      currency: "USD",
      products: [
        {
          id: "a",
          name: "a",
          price: 1,
          unitCost: 1,
          holdingCostPerUnitDay: 0,
          backorderCostPerUnitDay: 0,
          lostSaleCost: 0,
          // Mondays 3 orders, other days 1; 2 units each. Lead 2 days, daily review: P = 2 days.
          demand: { ordersPerDay: 1, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 2 }, weekly: [3, 1, 1, 1, 1, 1, 1] },
          policy: { kind: "safetyStock", safetyStock: { units: 1 } },
          sourcing: { kind: "single", supplier: "s" },
          backorders: { mode: "allow" },
        },
      ],
      suppliers: [{ id: "s", name: "s", leadTimeDays: { kind: "fixed", value: 2 } }],
    };
    const m = compileScenario(s);
    const target = m.products[0].target!;
    // Day 0 (Mon): protects Tue + Wed = 4 units, + 1. Day 5 (Sat): Sun + Mon = 2 + 6, + 1.
    expect(target[0]).toBe(5);
    expect(target[5]).toBe(9);
    expect(target[6]).toBe(9); // Sun: Mon + Tue = 6 + 2
    expect(m.products[0].initialOnHand).toBe(5);
  });

  it("compileScenario counts expected basket lines from other products' orders in the forecast", () => {
    const p = (id: string): Scenario["products"][0] => ({
      id,
      name: id,
      price: 1,
      unitCost: 1,
      holdingCostPerUnitDay: 0,
      backorderCostPerUnitDay: 0,
      lostSaleCost: 0,
      demand: { ordersPerDay: 1, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
      policy: { kind: "safetyStock", safetyStock: { units: 0 } },
      sourcing: { kind: "single", supplier: "s" },
      backorders: { mode: "allow" },
    });
    const base: Scenario = {
      version: 1,
      name: "b",
      startDate: "2027-01-04",
      horizonDays: 10,
      warmupDays: 0,
      runs: 1,
      seed: "x",
      currency: "USD",
      products: [p("a"), p("b"), p("c")],
      suppliers: [{ id: "s", name: "s", leadTimeDays: { kind: "fixed", value: 3 } }],
    };
    // Without baskets: 1 unit a day over P = 3 days.
    expect(compileScenario(base).products[0].target![0]).toBe(3);
    // One extra line per order: each of b's and c's orders picks a with chance 1/2 → 1 more unit a day.
    const withBaskets = compileScenario({ ...base, baskets: { extraLinesPerOrder: { kind: "fixed", value: 1 } } });
    expect(withBaskets.products[0].target![0]).toBe(6);
  });
});

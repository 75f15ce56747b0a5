import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/io/parseScenario.ts";
import { safetyStockUnits } from "../../src/analysis/safetyStockUnits.ts";
import { formatSafetyStockUnits, safetyStockUnitsPhrase } from "../../src/present/levelWords.ts";
import { normalQuantile } from "../../src/engine/special.ts";
import type { Scenario } from "../../src/engine/scenario.ts";

/** One product, flat Poisson demand of `rate` single-unit orders a day, a fixed lead time. */
function flat(rate: number, lead: number, review: number, safetyStock: unknown): Scenario {
  const r = parseScenario({
    version: 1,
    name: "flat",
    startDate: "2025-01-01",
    horizonDays: 120,
    warmupDays: 0,
    runs: 10,
    seed: "s",
    currency: "EUR",
    suppliers: [{ id: "sup", name: "Sup", leadTimeDays: { kind: "fixed", value: lead } }],
    products: [
      {
        id: "p",
        name: "P",
        price: 10,
        unitCost: 5,
        holdingCostPerUnitDay: 0.01,
        backorderCostPerUnitDay: 0,
        lostSaleCost: 0,
        demand: { ordersPerDay: rate, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
        policy: { kind: "safetyStock", safetyStock, reviewPeriodDays: review },
        sourcing: { kind: "single", supplier: "sup" },
        backorders: { mode: "allow" },
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

describe("safetyStockUnits: a service level in units", () => {
  it("flat Poisson demand, fixed lead time: z(level) · √(rate · (L + R − 1)), rounded as the model orders", () => {
    // L + R − 1 = 10 + 7 − 1 = 16 days; demand over them Poisson with mean and variance 2 · 16 = 32.
    const s = flat(2, 10, 7, { serviceLevel: 0.95 });
    const u = safetyStockUnits(s, "p")!;
    const expected = Math.round(normalQuantile(0.95) * Math.sqrt(32)); // 1.645 · 5.657 = 9.3 → 9
    expect(expected).toBe(9);
    expect(u).toEqual({ mean: expected, min: expected, max: expected });
    // Another level through `spec`, as the optimiser's levels are shown.
    expect(safetyStockUnits(s, "p", { serviceLevel: 0.99 })!.mean).toBe(Math.round(normalQuantile(0.99) * Math.sqrt(32)));
  });

  it("days of demand: days × mean daily demand; units as given", () => {
    expect(safetyStockUnits(flat(2, 10, 7, { days: 3 }), "p")!.mean).toBe(6);
    expect(safetyStockUnits(flat(2, 10, 7, { units: 11 }), "p")).toEqual({ mean: 11, min: 11, max: 11 });
  });

  it("is null for a product whose policy is not a safety-stock policy, and for an unknown product", () => {
    const s = flat(2, 10, 7, { units: 1 });
    const other: Scenario = {
      ...s,
      products: [{ ...s.products[0], policy: { kind: "baseStock", orderUpTo: 20, reviewPeriodDays: 7 } as Scenario["products"][0]["policy"] }],
    };
    expect(safetyStockUnits(other, "p")).toBeNull();
    expect(safetyStockUnits(s, "nope")).toBeNull();
  });

  it("words: one figure when flat, the range over the season when it moves", () => {
    expect(formatSafetyStockUnits({ mean: 9, min: 9, max: 9 })).toBe("≈ 9 units");
    expect(formatSafetyStockUnits({ mean: 14.4, min: 8.6, max: 21 })).toBe("≈ 14 units (9–21 over the season)");
    expect(formatSafetyStockUnits(null)).toBe("");
    expect(safetyStockUnitsPhrase({ mean: 14.4, min: 8.6, max: 21 })).toBe("≈ 14 units, 9–21 over the season");
    expect(safetyStockUnitsPhrase({ mean: 9, min: 9, max: 9 })).toBe("≈ 9 units");
  });
});

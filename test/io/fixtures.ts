import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A small valid scenario touching most fields; each test gets its own copy to break. */
export function validScenario(): any {
  return {
    version: 1,
    name: "Fixture",
    description: "Two products, two suppliers.",
    startDate: "2027-01-04",
    horizonDays: 90,
    warmupDays: 14,
    runs: 100,
    seed: "fixture",
    currency: "EUR",
    products: [
      {
        id: "sofa",
        name: "Sofa",
        price: 900,
        unitCost: 400,
        holdingCostPerUnitDay: 0.3,
        backorderCostPerUnitDay: 0.5,
        lostSaleCost: 0,
        demand: {
          ordersPerDay: 1.5,
          orderCount: { kind: "poisson" },
          unitsPerOrder: { kind: "fixed", value: 1 },
          weekly: [1, 1, 1, 1, 1, 1.4, 0.6],
          monthly: [1.2, 1, 1, 1, 1, 0.8, 0.8, 0.8, 1, 1, 1.2, 1.2],
        },
        policy: { kind: "sS", reorderPoint: 10, orderUpTo: 20, reviewPeriodDays: 7 },
        sourcing: { kind: "single", supplier: "local" },
        backorders: { mode: "allow" },
        customers: { willingToWaitDays: { kind: "lognormal", mean: 30, sd: 10 }, cancelHazardPerDay: 0.002 },
      },
      {
        id: "scarf",
        name: "Scarf",
        price: 29,
        unitCost: 9,
        holdingCostPerUnitDay: 0.01,
        backorderCostPerUnitDay: 0,
        lostSaleCost: 0,
        demand: {
          ordersPerDay: 8,
          orderCount: { kind: "negativeBinomial", dispersion: 4 },
          unitsPerOrder: { kind: "empirical", values: [1, 2], weights: [0.8, 0.2] },
          shocks: [{ startDay: 30, durationDays: 5, multiplier: 2 }],
        },
        policy: { kind: "safetyStock", safetyStock: { serviceLevel: 0.95 }, reviewPeriodDays: 1 },
        sourcing: {
          kind: "split",
          split: [
            { supplier: "local", share: 0.8 },
            { supplier: "overseas", share: 0.2 },
          ],
        },
        backorders: { mode: "deny" },
      },
    ],
    suppliers: [
      { id: "local", name: "Local", leadTimeDays: { kind: "gamma", mean: 6, sd: 2 }, unitCostMultiplier: 1.1 },
      {
        id: "overseas",
        name: "Overseas",
        leadTimeDays: { kind: "lognormal", mean: 30, sd: 10 },
        disruptions: { probabilityPerDay: 0.003, durationDays: { kind: "uniform", min: 5, max: 20 }, effect: "halt" },
      },
    ],
  };
}

export const SCENARIO_DIR = join(import.meta.dirname, "../../scenarios");

/** Every example scenario file: [file name, text]. */
export function exampleScenarios(): [string, string][] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".json") && f !== "scenario.schema.json")
    .sort()
    .map((f) => [f, readFileSync(join(SCENARIO_DIR, f), "utf8")]);
}

export const TEXTBOOK_FILE = join(import.meta.dirname, "../../../shared/validation/textbook-cases.json");

/** Small scenario builders shared by engine tests, and one run of a scenario. */
import { compileScenario } from "../../src/engine/compile.ts";
import { createRunOutput, RAW, RAW_COUNT, sumRaw, type RawField } from "../../src/engine/metrics.ts";
import type { Backorders, Product, Scenario, Supplier } from "../../src/engine/scenario.ts";
import { simulateRun } from "../../src/engine/simulateRun.ts";

export function product(id: string, over: Partial<Product> = {}): Product {
  return {
    id,
    name: id,
    price: 10,
    unitCost: 4,
    holdingCostPerUnitDay: 0,
    backorderCostPerUnitDay: 0,
    lostSaleCost: 0,
    demand: { ordersPerDay: 3, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
    policy: { kind: "baseStock", orderUpTo: 1000 },
    sourcing: { kind: "single", supplier: "s" },
    backorders: { mode: "allow" },
    ...over,
  };
}

export function supplier(id: string, over: Partial<Supplier> = {}): Supplier {
  return { id, name: id, leadTimeDays: { kind: "fixed", value: 1 }, ...over };
}

export function scenario(products: Product[], over: Partial<Scenario> = {}): Scenario {
  return {
    version: 1,
    name: "test",
    startDate: "2027-01-04",
    horizonDays: 5,
    warmupDays: 0,
    runs: 1,
    seed: "fixture",
    currency: "USD",
    products,
    suppliers: [supplier("s")],
    ...over,
  };
}

/**
 * The run worked by hand in docs/model.md §12: one product, 3 one-unit orders a day (tests fix the
 * Poisson count at its mean), (r, nQ) with r = 2, Q = 6, lead time 2 days, 4 units on hand.
 */
export function handWorkedScenario(o: { warmupDays?: number; horizonDays?: number; backorders?: Backorders; patienceDays?: number } = {}): Scenario {
  return {
    version: 1,
    name: "by hand",
    startDate: "2027-01-04",
    horizonDays: o.horizonDays ?? 6,
    warmupDays: o.warmupDays ?? 0,
    runs: 1,
    seed: "hand",
    currency: "USD",
    products: [
      {
        id: "mug",
        name: "Mug",
        price: 10,
        unitCost: 4,
        holdingCostPerUnitDay: 0.5,
        backorderCostPerUnitDay: 2,
        lostSaleCost: 0,
        initialOnHand: 4,
        demand: { ordersPerDay: 3, orderCount: { kind: "poisson" }, unitsPerOrder: { kind: "fixed", value: 1 } },
        policy: { kind: "rQ", reorderPoint: 2, orderQuantity: 6 },
        sourcing: { kind: "single", supplier: "s" },
        backorders: o.backorders ?? { mode: "allow" },
        ...(o.patienceDays !== undefined ? { customers: { willingToWaitDays: { kind: "fixed" as const, value: o.patienceDays } } } : {}),
      },
    ],
    suppliers: [{ id: "s", name: "S", leadTimeDays: { kind: "fixed", value: 2 }, fixedOrderCost: 7 }],
  };
}

/**
 * A product with lumpy demand (negative binomial counts, sizes 1, 2 or 4, a busy weekend) and the
 * shop's usual prices, for tests of whole runs; policy, backorders and customers come from `over`.
 */
export function lumpyProduct(id: string, ordersPerDay: number, over: Partial<Product> = {}): Product {
  return {
    id,
    name: id,
    price: 30,
    unitCost: 12,
    holdingCostPerUnitDay: 0.02,
    backorderCostPerUnitDay: 0.5,
    lostSaleCost: 5,
    demand: {
      ordersPerDay,
      orderCount: { kind: "negativeBinomial", dispersion: 3 },
      unitsPerOrder: { kind: "empirical", values: [1, 2, 4], weights: [6, 3, 1] },
      weekly: [1, 1, 1, 1, 1.2, 1.5, 0.5],
    },
    policy: { kind: "sS", reorderPoint: 20, orderUpTo: 60, reviewPeriodDays: 2 },
    sourcing: { kind: "single", supplier: "acme" },
    backorders: { mode: "allow" },
    ...over,
  };
}

/**
 * Run 0 of scenario `s`, day by day: its output, `g(field, p)` a product's raw sum and `total(field)`
 * the sum over products.
 */
export function runOnce(s: Scenario) {
  const model = compileScenario(s);
  const out = createRunOutput(model.nProducts, model.horizonDays);
  simulateRun(model, 0, out);
  const total = new Float64Array(RAW_COUNT);
  sumRaw(out.raw, model.nProducts, total);
  return { out, g: (f: RawField, p = 0) => out.raw[p * RAW_COUNT + RAW[f]], total: (f: RawField) => total[RAW[f]] };
}

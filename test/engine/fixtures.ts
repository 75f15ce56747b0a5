/** Small scenario builders shared by engine tests. */
import type { Product, Scenario, Supplier } from "../../src/engine/scenario.ts";

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
    sourcing: { supplier: "s" },
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

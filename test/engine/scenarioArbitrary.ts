/**
 * fast-check generators of small valid scenarios covering every option of the format: all policy
 * kinds, sourcing kinds and distribution families (each made by its own module's `example`, so a kind
 * added to its table is generated without a change here), allow/deny/cap, patience and hazards,
 * shocks, disruptions, short deliveries, fulfilment capacity with surge and split shipments, baskets.
 */
import fc from "fast-check";
import { DIST_FAMILIES, DIST_KIND_NAMES } from "../../src/engine/kinds/distribution/index.ts";
import { POLICY_KIND_NAMES, POLICY_KINDS } from "../../src/engine/kinds/policy/index.ts";
import { SOURCING_KIND_NAMES, SOURCING_KINDS } from "../../src/engine/kinds/sourcing/index.ts";
import type { Dist, Policy, Product, Scenario, Shock, Sourcing, Supplier } from "../../src/engine/scenario.ts";

const r2 = (x: number) => Math.round(x * 100) / 100;
/** Uniform on [min, max] in steps of 1/1000 of the range (unbiased: edge values are not favoured). */
const num = (min: number, max: number) => fc.noBias(fc.integer({ min: 0, max: 1000 })).map((i) => r2(min + ((max - min) * i) / 1000));

/**
 * The uniform draws a kind's `example` takes, as generated numbers (so fast-check can shrink them):
 * a fresh reader over the same list each time, read round and round.
 */
const draws = fc.array(fc.noBias(fc.integer({ min: 0, max: 999 })), { minLength: 24, maxLength: 24 }).map((xs) => () => {
  let i = 0;
  return () => xs[i++ % xs.length] / 1000;
});

/** A distribution of a positive quantity with a mean of roughly `lo`–`hi`, of any registered family. */
export function positiveDist(lo: number, hi: number): fc.Arbitrary<Dist> {
  return fc.tuple(fc.constantFrom(...DIST_KIND_NAMES), draws).map(([k, u]): Dist => DIST_FAMILIES[k].example({ u: u(), lo, hi }));
}

/** A policy of any registered kind, for a product whose protection period needs roughly 5–65 units. */
const policy: fc.Arbitrary<Policy> = fc.tuple(fc.constantFrom(...POLICY_KIND_NAMES), draws).map(([k, u]): Policy => {
  const next = u();
  return POLICY_KINDS[k].example({ u: next, demandOverProtection: 5 + Math.round(60 * next()) });
});

const shock: fc.Arbitrary<Shock> = fc.oneof(
  fc.record({ probabilityPerDay: num(0, 0.1), multiplier: positiveDist(0.2, 3), durationDays: positiveDist(1, 10) }),
  fc.record({ startDay: fc.integer({ min: -10, max: 60 }), durationDays: fc.integer({ min: 1, max: 20 }), multiplier: num(0, 4) }),
);

function product(i: number, supplierIds: string[]): fc.Arbitrary<Product> {
  const kinds = SOURCING_KIND_NAMES.filter((k) => SOURCING_KINDS[k].minSuppliers <= supplierIds.length);
  const sourcing: fc.Arbitrary<Sourcing> = fc.tuple(fc.constantFrom(...kinds), draws).map(([k, u]) => SOURCING_KINDS[k].example({ u: u(), supplierIds }));
  return fc.record(
    {
      id: fc.constant(`p${i}`),
      name: fc.constant(`Product ${i}`),
      price: num(0, 50),
      unitCost: num(0, 20),
      holdingCostPerUnitDay: num(0, 1),
      backorderCostPerUnitDay: num(0, 2),
      lostSaleCost: num(0, 10),
      initialOnHand: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      demand: fc.record(
        {
          ordersPerDay: num(0, 8),
          orderCount: fc.oneof(
            fc.constant({ kind: "poisson" as const }),
            num(0.3, 5).map((dispersion) => ({ kind: "negativeBinomial" as const, dispersion })),
          ),
          unitsPerOrder: positiveDist(1, 4),
          weekly: fc.option(fc.array(num(0, 2), { minLength: 7, maxLength: 7 }), { nil: undefined }),
          monthly: fc.option(fc.array(num(0, 2), { minLength: 12, maxLength: 12 }), { nil: undefined }),
          trendPerYear: fc.option(num(-0.5, 1), { nil: undefined }),
          shocks: fc.option(fc.array(shock, { maxLength: 2 }), { nil: undefined }),
        },
        { requiredKeys: ["ordersPerDay", "orderCount", "unitsPerOrder"] },
      ),
      policy,
      sourcing,
      backorders: fc.oneof(
        fc.constant({ mode: "allow" as const }),
        fc.record({ mode: fc.constant("allow" as const), quoteBufferDays: fc.integer({ min: 0, max: 10 }) }),
        fc.constant({ mode: "deny" as const }),
        fc.record(
          {
            mode: fc.constant("cap" as const),
            maxQuotedWaitDays: fc.integer({ min: 0, max: 20 }),
            maxBacklogUnits: fc.integer({ min: 0, max: 30 }),
            quoteBufferDays: fc.integer({ min: 0, max: 10 }),
          },
          { requiredKeys: ["mode", "maxQuotedWaitDays"] },
        ),
      ),
      customers: fc.option(
        fc.record({ willingToWaitDays: positiveDist(0, 15), cancelHazardPerDay: num(0, 0.3), lateCancelHazardPerDay: num(0, 0.5) }, { requiredKeys: [] }),
        { nil: undefined },
      ),
    },
    {
      requiredKeys: [
        "id",
        "name",
        "price",
        "unitCost",
        "holdingCostPerUnitDay",
        "backorderCostPerUnitDay",
        "lostSaleCost",
        "demand",
        "policy",
        "sourcing",
        "backorders",
      ],
    },
  ) as fc.Arbitrary<Product>;
}

function supplier(i: number): fc.Arbitrary<Supplier> {
  return fc.record(
    {
      id: fc.constant(`s${i}`),
      name: fc.constant(`Supplier ${i}`),
      leadTimeDays: positiveDist(1, 10),
      unitCostMultiplier: num(1, 1.5),
      fixedOrderCost: num(0, 50),
      minOrderQuantity: fc.integer({ min: 0, max: 10 }),
      orderMultiple: fc.integer({ min: 1, max: 6 }),
      deliveredFraction: num(0.5, 1),
      disruptions: fc.record({ probabilityPerDay: num(0, 0.2), durationDays: positiveDist(1, 10), effect: fc.constantFrom("halt" as const, "delay" as const) }),
    },
    { requiredKeys: ["id", "name", "leadTimeDays"] },
  ) as fc.Arbitrary<Supplier>;
}

export interface ScenarioOptions {
  maxProducts?: number;
  maxHorizon?: number;
}

export function scenarioArbitrary(opts: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const maxProducts = opts.maxProducts ?? 4;
  const maxHorizon = opts.maxHorizon ?? 120;
  return fc.tuple(fc.integer({ min: 1, max: maxProducts }), fc.integer({ min: 1, max: 3 })).chain(([nP, nS]) => {
    const ids = Array.from({ length: nS }, (_, i) => `s${i}`);
    return fc.record(
      {
        version: fc.constant(1 as const),
        name: fc.constant("generated"),
        startDate: fc.constantFrom("2027-01-04", "2027-12-20", "2028-02-25"),
        horizonDays: fc.oneof(
          { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 1 },
          { arbitrary: fc.noBias(fc.integer({ min: 20, max: maxHorizon })), weight: 5 },
        ),
        warmupDays: fc.integer({ min: 0, max: 30 }),
        runs: fc.constant(2),
        seed: fc.string({ maxLength: 6 }),
        currency: fc.constant("USD"),
        products: fc.tuple(...Array.from({ length: nP }, (_, i) => product(i, ids))),
        suppliers: fc.tuple(...Array.from({ length: nS }, (_, i) => supplier(i))),
        fulfillment: fc.option(
          fc.record(
            {
              capacityOrdersPerDay: fc.integer({ min: 1, max: 20 }),
              shippingCostPerShipment: num(0, 8),
              splitShipments: fc.boolean(),
              surge: fc.record({
                extraOrdersPerDay: fc.integer({ min: 1, max: 10 }),
                costPerOrder: num(0, 3),
                whenBacklogOrdersAbove: fc.integer({ min: 0, max: 20 }),
              }),
            },
            // Absent capacity: unlimited, with shipping cost and split shipments still applying.
            { requiredKeys: [] },
          ),
          { nil: undefined },
        ),
        baskets: fc.option(fc.record({ extraLinesPerOrder: positiveDist(0, 2) }), { nil: undefined }),
      },
      { requiredKeys: ["version", "name", "startDate", "horizonDays", "warmupDays", "runs", "seed", "currency", "products", "suppliers"] },
    ) as fc.Arbitrary<Scenario>;
  });
}

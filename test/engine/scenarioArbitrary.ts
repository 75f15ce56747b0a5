/**
 * fast-check generators of small valid scenarios covering every option of the format: all policies
 * and distributions, allow/deny/cap, patience and hazards, shocks, disruptions, short deliveries,
 * backup and split sourcing, fulfilment capacity with surge and split shipments, baskets.
 */
import fc from "fast-check";
import type { Dist, Policy, Product, Scenario, Shock, Sourcing, Supplier } from "../../src/engine/scenario.ts";

const r2 = (x: number) => Math.round(x * 100) / 100;
/** Uniform on [min, max] in steps of 1/1000 of the range (unbiased: edge values are not favoured). */
const num = (min: number, max: number) => fc.noBias(fc.integer({ min: 0, max: 1000 })).map((i) => r2(min + ((max - min) * i) / 1000));

/** A distribution of a positive quantity with a mean of roughly `lo`–`hi`. */
export function positiveDist(lo: number, hi: number): fc.Arbitrary<Dist> {
  return fc.oneof(
    fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) }).map((value): Dist => ({ kind: "fixed", value })),
    fc.tuple(num(lo, hi), num(0, hi)).map(([min, w]): Dist => ({ kind: "uniform", min, max: r2(min + w) })),
    fc.tuple(num(lo, hi), num(0, 1), num(0, hi)).map(([min, f, w]): Dist => ({ kind: "triangular", min, mode: r2(min + f * w), max: r2(min + w) })),
    fc.tuple(num(lo, hi), num(0, hi / 2)).map(([mean, sd]): Dist => ({ kind: "normal", mean, sd })),
    fc.tuple(num(Math.max(lo, 0.2), hi), num(0.1, hi)).map(([mean, sd]): Dist => ({ kind: "lognormal", mean, sd })),
    fc.tuple(num(Math.max(lo, 0.2), hi), num(0.1, hi)).map(([mean, sd]): Dist => ({ kind: "gamma", mean, sd })),
    num(Math.max(lo, 0.2), hi).map((mean): Dist => ({ kind: "exponential", mean })),
    num(Math.max(lo, 0.2), hi).map((mean): Dist => ({ kind: "poisson", mean })),
    fc
      .array(fc.tuple(fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.ceil(hi)) }), num(0.1, 3)), { minLength: 1, maxLength: 4 })
      .map((vw): Dist => ({ kind: "empirical", values: vw.map((x) => x[0]), weights: vw.map((x) => x[1]) })),
  );
}

const policy: fc.Arbitrary<Policy> = fc.oneof(
  fc.record({ kind: fc.constant("baseStock" as const), orderUpTo: fc.integer({ min: 0, max: 60 }), reviewPeriodDays: fc.integer({ min: 1, max: 7 }) }),
  fc
    .tuple(fc.integer({ min: -5, max: 30 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 7 }))
    .map(([s, w, R]): Policy => ({ kind: "sS", reorderPoint: s, orderUpTo: s + w, reviewPeriodDays: R })),
  fc.record({
    kind: fc.constant("rQ" as const),
    reorderPoint: fc.integer({ min: -5, max: 30 }),
    orderQuantity: fc.integer({ min: 1, max: 30 }),
    reviewPeriodDays: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record(
    {
      kind: fc.constant("safetyStock" as const),
      safetyStock: fc.oneof(
        fc.record({ units: fc.integer({ min: 0, max: 20 }) }),
        fc.record({ days: num(0, 10) }),
        fc.record({ serviceLevel: fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1) }),
      ),
      reviewPeriodDays: fc.integer({ min: 1, max: 7 }),
      orderQuantity: fc.integer({ min: 1, max: 30 }),
    },
    { requiredKeys: ["kind", "safetyStock"] },
  ),
);

const shock: fc.Arbitrary<Shock> = fc.oneof(
  fc.record({ probabilityPerDay: num(0, 0.1), multiplier: positiveDist(0.2, 3), durationDays: positiveDist(1, 10) }),
  fc.record({ startDay: fc.integer({ min: -10, max: 60 }), durationDays: fc.integer({ min: 1, max: 20 }), multiplier: num(0, 4) }),
);

function product(i: number, supplierIds: string[]): fc.Arbitrary<Product> {
  const sup = fc.constantFrom(...supplierIds);
  const sourcing: fc.Arbitrary<Sourcing> = fc.oneof(
    sup.map((supplier): Sourcing => ({ kind: "single", supplier })),
    fc
      .tuple(sup, sup, fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }), fc.boolean())
      .map(([primary, backup, above, disrupted, withExpedite]): Sourcing =>
        withExpedite
          ? { kind: "backup", primary, backup, expedite: { whenBacklogUnitsAbove: above, whenPrimaryDisrupted: disrupted } }
          : { kind: "backup", primary, backup },
      ),
    fc
      .uniqueArray(fc.tuple(sup, num(0.05, 1)), { minLength: 1, maxLength: 3, selector: (x) => x[0] })
      .map((xs): Sourcing => ({ kind: "split", split: xs.map(([supplier, share]) => ({ supplier, share })) })),
  );
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

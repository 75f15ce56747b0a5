/**
 * Writes scenarios/bench.json: 100 products exercising the core engine (every policy kind, random
 * lead times, patient and impatient customers, Poisson and negative binomial demand) and nothing of
 * the later features (no disruptions, capacity or baskets), so `npm run bench` measures the core.
 * Policy levels are set from each product's lead-time demand so stock is neither always out nor idle.
 * Run: npx tsx scripts/make-bench-scenario.ts
 */
import { writeFileSync } from "node:fs";
import seedrandom from "seedrandom";
import type { Backorders, Customers, Dist, Policy, Product, Scenario, Supplier } from "../src/engine/scenario.ts";

const rng = seedrandom("bench-generator");
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const between = (lo: number, hi: number) => lo + (hi - lo) * rng();
const round2 = (x: number) => Math.round(x * 100) / 100;

const suppliers: (Supplier & { meanLead: number })[] = [
  { id: "s1", name: "Lognormal 21 ± 7", leadTimeDays: { kind: "lognormal", mean: 21, sd: 7 }, fixedOrderCost: 60, meanLead: 21 },
  { id: "s2", name: "Gamma 10 ± 3", leadTimeDays: { kind: "gamma", mean: 10, sd: 3 }, unitCostMultiplier: 1.05, fixedOrderCost: 30, meanLead: 10 },
  { id: "s3", name: "Uniform 3–7", leadTimeDays: { kind: "uniform", min: 3, max: 7 }, unitCostMultiplier: 1.1, fixedOrderCost: 15, meanLead: 5 },
  { id: "s4", name: "Lognormal 35 ± 12", leadTimeDays: { kind: "lognormal", mean: 35, sd: 12 }, fixedOrderCost: 120, meanLead: 35 },
  { id: "s5", name: "Gamma 5 ± 2", leadTimeDays: { kind: "gamma", mean: 5, sd: 2 }, unitCostMultiplier: 1.08, fixedOrderCost: 20, meanLead: 5 },
];

const WEEKLY = [0.85, 0.85, 0.9, 0.95, 1.1, 1.5, 0.85];
const MONTHLY = [0.8, 0.7, 0.8, 0.85, 0.9, 0.85, 0.8, 0.85, 0.9, 1.1, 1.45, 2.0];

const products: Product[] = [];
for (let i = 0; i < 100; i++) {
  const sup = pick(suppliers);
  const ordersPerDay = round2(between(1, 30));
  const units: Dist = pick<Dist>([
    { kind: "fixed", value: 1 },
    { kind: "fixed", value: 1 },
    { kind: "empirical", values: [1, 2, 3], weights: [0.7, 0.2, 0.1] },
    { kind: "poisson", mean: 1.5 },
  ]);
  const meanUnits = units.kind === "fixed" ? 1 : units.kind === "poisson" ? 1.5 : 1.4;
  const daily = ordersPerDay * meanUnits;
  const review = pick([1, 1, 7]);
  const protect = daily * (sup.meanLead + review);
  const sd = Math.sqrt(protect * 2 + (daily * sup.meanLead * 0.3) ** 2);
  const kind = (["baseStock", "sS", "rQ", "safetyStock"] as const)[i % 4];
  const policy: Policy =
    kind === "baseStock"
      ? { kind, orderUpTo: Math.round(protect + 1.5 * sd), reviewPeriodDays: review }
      : kind === "sS"
        ? { kind, reorderPoint: Math.round(protect + sd), orderUpTo: Math.round(protect + sd + daily * 10), reviewPeriodDays: review }
        : kind === "rQ"
          ? { kind, reorderPoint: Math.round(daily * sup.meanLead + sd), orderQuantity: Math.max(1, Math.round(daily * 14)) }
          : {
              kind,
              safetyStock: pick([{ units: Math.round(sd) }, { days: 5 }, { serviceLevel: 0.95 }, { serviceLevel: 0.9 }]),
              reviewPeriodDays: review,
            };
  const patient = rng() < 0.5;
  const backorders: Backorders = patient
    ? pick<Backorders>([{ mode: "allow" }, { mode: "cap", maxQuotedWaitDays: 30 }])
    : pick<Backorders>([{ mode: "allow" }, { mode: "deny" }, { mode: "cap", maxQuotedWaitDays: 7, maxBacklogUnits: Math.round(daily * 5) }]);
  const customers: Customers | undefined =
    backorders.mode === "deny"
      ? undefined
      : patient
        ? { willingToWaitDays: { kind: "lognormal", mean: 30, sd: 12 }, cancelHazardPerDay: 0.003, lateCancelHazardPerDay: 0.03 }
        : { willingToWaitDays: { kind: "exponential", mean: 4 }, cancelHazardPerDay: 0.12, lateCancelHazardPerDay: 0.3 };
  const unitCost = round2(between(3, 300));
  products.push({
    id: `p${String(i + 1).padStart(3, "0")}`,
    name: `Bench product ${i + 1}`,
    category: patient ? "investment" : "impulse",
    price: round2(unitCost * between(1.6, 3)),
    unitCost,
    holdingCostPerUnitDay: round2((unitCost * 0.25) / 365 + 0.005),
    backorderCostPerUnitDay: patient ? 0.05 : 0.2,
    lostSaleCost: 0,
    demand: {
      ordersPerDay,
      orderCount: rng() < 0.5 ? { kind: "poisson" } : { kind: "negativeBinomial", dispersion: pick([2, 5, 10]) },
      unitsPerOrder: units,
      ...(rng() < 0.6 ? { weekly: WEEKLY } : {}),
      ...(rng() < 0.4 ? { monthly: MONTHLY } : {}),
    },
    policy,
    sourcing: { kind: "single", supplier: sup.id },
    backorders,
    ...(customers ? { customers } : {}),
  });
}

const scenario: Scenario = {
  $schema: "./scenario.schema.json",
  version: 1,
  name: "Benchmark: 100 products",
  description:
    "The engine benchmark: 100 products with every policy kind, random lead times from five suppliers, patient and impatient customers, Poisson and negative-binomial demand of 1–30 orders a day, over one year. No disruptions, capacity limits or multi-item orders, so it measures the core simulation.",
  startDate: "2027-01-04",
  horizonDays: 365,
  warmupDays: 0,
  runs: 200,
  seed: "bench",
  currency: "USD",
  products,
  suppliers: suppliers.map(({ meanLead: _m, ...s }) => s),
};
writeFileSync("scenarios/bench.json", JSON.stringify(scenario, null, 2) + "\n");
process.stdout.write(`wrote scenarios/bench.json (${products.length} products)\n`);
